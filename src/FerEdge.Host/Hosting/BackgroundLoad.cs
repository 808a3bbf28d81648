namespace FerEdge.Host.Hosting;

/// <summary>
/// Something <c>fer-edge run</c> needs before it serves, loaded on a thread-pool thread from the moment its inputs are
/// known while the main thread goes on: the pipeline's stages (models loaded and warmed, from the settings on) and the
/// device's security state (users, credentials, certificates, from the host's build on). The broker starts after the
/// longest of these and of the source's opening, instead of after their sum. Owns the value once loaded.
/// </summary>
/// <typeparam name="T">What is loaded.</typeparam>
/// <remarks>Thread-safe: <see cref="GetAsync"/> may be awaited by any service.</remarks>
public sealed class BackgroundLoad<T> : IDisposable
    where T : class, IDisposable
{
    private readonly Task<T> _value;

    /// <summary>Starts <paramref name="load"/> on the thread pool.</summary>
    public BackgroundLoad(Func<T> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _value = Task.Run(load);
    }

    /// <summary>The loaded value; rethrows what failed the loading (a missing model, a corrupt state file).</summary>
    public Task<T> GetAsync(CancellationToken cancellationToken) => _value.WaitAsync(cancellationToken);

    /// <summary>Waits for the loading to end, then disposes the value if it succeeded.</summary>
    public void Dispose()
    {
        try
        {
            _value.Wait();
        }
        catch (AggregateException)
        {
            // The failure reached whoever awaited it; nothing was loaded to dispose.
            return;
        }

        _value.Result.Dispose();
    }
}
