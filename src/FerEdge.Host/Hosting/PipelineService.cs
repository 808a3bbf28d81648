using System.Diagnostics;
using FerEdge.Core.Frames;
using FerEdge.Pipeline;
using FerEdge.Pipeline.Output;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// Runs the pipeline from the source to the MQTT and JSON-lines sinks, and stops the application when the source
/// ends or the pipeline fails (the failure is kept in <see cref="RunContext"/>). When the host stops, after the
/// metrics and health services, it publishes the last metrics, logs the summary and disposes the sinks.
/// </summary>
public sealed class PipelineService(
    RunContext run,
    BackgroundLoad<PipelineStages> stages,
    IFrameSource source,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>How long the first frame waits for the publisher's first connect.</summary>
    public static readonly TimeSpan FirstConnectWait = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggers.CreateLogger("fer-edge");
    private readonly List<IOutcomeSink> _sinks = [];
    private RunningPipeline? _running;
    private bool _completed;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var options = run.Options;
            _sinks.Add(new MqttOutcomeSink(run.Publisher));
            if (options.JsonLines.Path.Length > 0)
            {
                _sinks.Add(new JsonLinesSink(options.JsonLines, time, loggers.CreateLogger("jsonl")));
            }

            var loaded = await stages.GetAsync(stoppingToken).ConfigureAwait(false);

            // The first frame waits (briefly) for the publisher's first connect: its emotion is then published, not
            // queued, and its latency is not shared with the connect's TLS handshake on a small board's cores. A
            // broker that is away does not hold the pipeline back for longer.
            try
            {
                await run.Publisher.FirstConnected.WaitAsync(FirstConnectWait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Frames go to the other sinks and queue for the broker, as on any later loss of it.
            }

            var schedulers = PipelineSchedulers.CreateThreads();
            FerEdgePipeline pipeline;
            try
            {
                pipeline = new FerEdgePipeline(
                    source, loaded.NewPerception(), loaded.NewEmotionStage(run.Adaptation), _sinks, options.Pipeline, schedulers, time, loggers.CreateLogger("pipeline"));
            }
            catch
            {
                schedulers.Dispose();
                throw;
            }

            _running = new RunningPipeline(pipeline, _sinks, schedulers, Stopwatch.StartNew());
            run.PipelineStarted(_running);
            await pipeline.RunAsync(stoppingToken).ConfigureAwait(false);
            _completed = true;
        }
        catch (Exception e)
        {
            run.Fail(e);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_running is { } running)
        {
            if (_completed)
            {
                running.PublishMetrics(run.Publisher, run.DeviceId);
                var c = running.Pipeline.Counters;
                var fps = c.FramesProcessed / Math.Max(running.Clock.Elapsed.TotalSeconds, 1e-9);
                var keyframes = c.Keyframes.Count;
                var p50 = c.EndToEnd.Percentile(50);
                var p99 = c.EndToEnd.Percentile(99);
                HostLog.Finished(_logger, c.FramesProcessed, fps, c.Dropped, c.FramesRead, keyframes, p50, p99);
            }

            running.Pipeline.Dispose();
            running.Schedulers.Dispose();
        }

        foreach (var sink in _sinks)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
