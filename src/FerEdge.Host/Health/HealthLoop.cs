using FerEdge.Core.Diagnostics;
using FerEdge.Pipeline;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Health;

/// <summary>
/// Once per tick: queues a heartbeat on every pipeline stage, feeds the systemd watchdog while every stage answered
/// within the window (a hung stage starves it, so systemd restarts the service), and announces state changes
/// (degraded with a reason, online again) through <c>announce</c>, the log and the unit's status line.
/// </summary>
public sealed class HealthLoop(
    ServiceHealth health,
    StageHeartbeat heartbeat,
    SystemdNotifier? notifier,
    Action<string?> announce,
    TimeProvider time,
    ILogger logger)
{
    private readonly LogThrottle _hungLog = new(TimeSpan.FromSeconds(30), time);
    private readonly LogThrottle _stalledLog = new(TimeSpan.FromSeconds(30), time);

    /// <summary>Ticks: 1 s, or a quarter of the watchdog period when that is shorter.</summary>
    public TimeSpan Tick => notifier?.WatchdogInterval is { } w && w / 4 < TimeSpan.FromSeconds(1) ? w / 4 : TimeSpan.FromSeconds(1);

    /// <summary>A stage that has not answered for this long counts as hung: half the watchdog period, or 5 s.</summary>
    public TimeSpan HungAfter => notifier?.WatchdogInterval is { } w ? w / 2 : TimeSpan.FromSeconds(5);

    /// <summary>
    /// No frame processed for this long, with the source reporting no problem, is a stalled pipeline
    /// (<see cref="ServiceHealth.IsStalled"/>): the watchdog period, or 30 s without one.
    /// </summary>
    public TimeSpan StalledAfter => notifier?.WatchdogInterval ?? TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; says READY=1 first and STOPPING=1 last.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        notifier?.Notify("READY=1\nSTATUS=running");
        string? announced = null;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            do
            {
                var report = health.Evaluate();
                if (report.Reason != announced)
                {
                    announced = report.Reason;
                    announce(announced);
                    if (announced is null)
                    {
                        HostLog.Recovered(logger);
                    }
                    else
                    {
                        HostLog.Degraded(logger, announced);
                    }

                    notifier?.Notify("STATUS=" + (announced is null ? "running" : "degraded: " + announced));
                }

                // A stage that stopped answering, or a pipeline whose stages all answer but that moves no frame
                // (its capture loop lost), starves the watchdog: systemd restarts the service.
                var stalled = health.IsStalled(StalledAfter);
                if (heartbeat.AllStagesAnsweredSince(HungAfter) && !stalled)
                {
                    if (notifier?.WatchdogInterval is not null)
                    {
                        notifier.Notify("WATCHDOG=1");
                    }
                }
                else if (stalled)
                {
                    if (_stalledLog.TryEnter(out _))
                    {
                        HostLog.PipelineStalled(logger, StalledAfter.TotalSeconds);
                    }
                }
                else if (_hungLog.TryEnter(out _))
                {
                    HostLog.StageHung(logger, HungAfter.TotalSeconds);
                }

                heartbeat.Beat();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        notifier?.Notify("STOPPING=1");
    }
}
