using Microsoft.Extensions.Hosting;

namespace FerEdge.Host.Hosting;

/// <summary>
/// Publishes the metrics topic every <see cref="Configuration.RunOptions.MetricsInterval"/> of the injected
/// <see cref="TimeProvider"/> (<see cref="MetricsLoop"/>) while the pipeline runs; stops before the pipeline's
/// service publishes the last metrics.
/// </summary>
public sealed class MetricsService(RunContext run, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await run.WaitForPipelineAsync(stoppingToken).ConfigureAwait(false) is not { } pipeline)
        {
            return;
        }

        var publisher = run.Publisher;
        await new MetricsLoop(run.Options.Run.MetricsInterval, time, () => pipeline.PublishMetrics(publisher, run.DeviceId))
            .RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
