namespace FerEdge.Host.Hosting;

/// <summary>
/// Calls <c>publish</c> every <c>interval</c> of <c>time</c> (a <see cref="PeriodicTimer"/>) until cancelled: the
/// metrics topic's clock, apart from the pipeline so a slow stage never delays it. A fake
/// <see cref="TimeProvider"/> drives it in tests.
/// </summary>
public sealed class MetricsLoop(TimeSpan interval, TimeProvider time, Action publish)
{
    /// <summary>Ticks until <paramref name="cancellationToken"/> is cancelled; ends quietly then.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                publish();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
