using FerEdge.Host.Health;
using FerEdge.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// Liveness while the pipeline runs: attaches <see cref="ServiceHealth"/> to its counters and sinks, and runs the
/// <see cref="HealthLoop"/> (stage heartbeats, the systemd watchdog, degraded and online announcements).
/// </summary>
public sealed class HealthService(RunContext run, ServiceHealth health, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await run.WaitForPipelineAsync(stoppingToken).ConfigureAwait(false) is not { } pipeline)
        {
            return;
        }

        var publisher = run.Publisher;
        Func<bool>? bridgeConnected = run.Bridge is { } bridge ? () => bridge.IsConnected : null;
        health.Attach(pipeline.Pipeline.Counters, pipeline.Sinks, () => publisher.IsConnected, bridgeConnected);
        using var notifier = SystemdNotifier.FromEnvironment();
        await new HealthLoop(
            health,
            new StageHeartbeat(pipeline.Schedulers, time),
            notifier,
            publisher.SetDegraded,
            time,
            loggers.CreateLogger("health")).RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
