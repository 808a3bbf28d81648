using FerEdge.Pipeline;

namespace FerEdge.Host.Hosting;

/// <summary>
/// The pipeline's stages loading and warming (<see cref="PipelineStages.Load"/>, <see cref="PipelineStages.Warm"/>)
/// on a thread-pool thread from the moment <c>fer-edge run</c> has its settings, while the host starts the broker and
/// the dashboard: start-up takes the longer of the two instead of their sum. Owns the stages once loaded.
/// </summary>
/// <remarks>Thread-safe: <see cref="GetAsync"/> may be awaited by any service.</remarks>
public sealed class StagesLoading : IDisposable
{
    private readonly Task<PipelineStages> _stages;

    private StagesLoading(Task<PipelineStages> stages) => _stages = stages;

    /// <summary>Starts loading and warming the stages of <paramref name="options"/>.</summary>
    public static StagesLoading Start(PipelineStagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StagesLoading(Task.Run(() =>
        {
            var stages = PipelineStages.Load(options);
            try
            {
                stages.Warm();
                return stages;
            }
            catch
            {
                stages.Dispose();
                throw;
            }
        }));
    }

    /// <summary>The loaded, warmed stages; rethrows what failed the loading (a missing or corrupt model file).</summary>
    public Task<PipelineStages> GetAsync(CancellationToken cancellationToken) => _stages.WaitAsync(cancellationToken);

    /// <summary>Waits for the loading to end, then disposes the stages if it succeeded.</summary>
    public void Dispose()
    {
        try
        {
            _stages.Wait();
        }
        catch (AggregateException)
        {
            // The failure reached whoever awaited the stages; nothing was loaded to dispose.
            return;
        }

        _stages.Result.Dispose();
    }
}
