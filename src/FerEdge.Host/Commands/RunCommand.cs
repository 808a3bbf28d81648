using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using FerEdge.Capture;
using FerEdge.Core.Contract;
using FerEdge.Core.Frames;
using FerEdge.Dashboard;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Host.Health;
using FerEdge.Messaging;
using FerEdge.Pipeline;
using FerEdge.Pipeline.Output;
using FerEdge.Web;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge run</c>: the main job. Reads the source, runs the pipeline, and streams emotions and explanations to
/// the MQTT broker (embedded by default), the JSON-lines file and the log; serves the caregiver dashboard.
/// </summary>
public static class RunCommand
{
    private static readonly string[] Valued = ["source", "config", "broker", "jsonl", "max-frames", "device-id", "mqtt-port", "ws-port", "http-port"];
    private static readonly string[] Flags = ["realtime", "fast"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("run", args, Valued, Flags);
        if (a.Has("realtime") && a.Has("fast"))
        {
            throw new CommandLineException("run: --realtime and --fast exclude each other");
        }

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Map(string option, string key)
        {
            if (a.Get(option) is { } v)
            {
                overrides[key] = v;
            }
        }

        Map("source", "Source");
        Map("broker", "Mqtt:Broker");
        Map("jsonl", "Jsonl");
        Map("device-id", "DeviceId");
        if (a.GetInt("max-frames", 1, int.MaxValue) is { } max)
        {
            overrides["MaxFrames"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (option, key) in new[] { ("mqtt-port", "Mqtt:Port"), ("ws-port", "Mqtt:WebSocketPort"), ("http-port", "Mqtt:HttpPort") })
        {
            if (a.GetInt(option, 0, 65535) is { } port)
            {
                overrides[key] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (a.Has("fast") || a.Has("realtime"))
        {
            overrides["Fast"] = a.Has("fast") ? "true" : "false";
        }

        FerEdgeOptions settings;
        try
        {
            settings = SettingsLoader.Load(a.Get("config"), overrides);
        }
        catch (SettingsException e)
        {
            throw new CommandLineException("run: " + e.Message, e);
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)

            // A listener that cannot start (a port in use) reaches the user as one line naming the port; the
            // generic host would log the same failure first as a multi-line stack trace.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical)
            .AddFilter("MQTTnet", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Information));
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        return RunAsync(settings, loggerFactory, cancel.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(FerEdgeOptions settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("fer-edge");
        var deviceId = settings.Pipeline.DeviceId;
        var startedAt = DateTimeOffset.UtcNow;
        using var stages = PipelineStages.Load(settings.Stages);
        using var source = OpenSource(settings.Run, logger);
        var dashboardOptions = settings.Dashboard;
        var health = new ServiceHealth(settings.Run.ReadyWithin, TimeProvider.System);
        EmbeddedBroker? broker = null;
        DashboardServer? dashboard = null;
        Uri brokerUri;
        StatusPorts ports;
        if (settings.Run.ExternalBroker is null)
        {
            DashboardRuntimeInfo? info = null;
            broker = await EmbeddedBroker.StartAsync(
                settings.Broker with
                {
                    ConfigureApp = app =>
                    {
                        Dashboard.Dashboard.Map(app, dashboardOptions, () => info!);
                        HealthEndpoints.Map(app, health.Evaluate, c => info is { HttpPort: { } port } && c.Connection.LocalPort == port);
                    },
                },
                loggerFactory,
                cancellationToken).ConfigureAwait(false);
            info = new DashboardRuntimeInfo(deviceId, broker.HttpPort, broker.WebSocketPort, broker.WebSocketPath);
            brokerUri = broker.MqttUri;
            ports = new StatusPorts(broker.MqttPort, broker.WebSocketPort, broker.HttpPort);
            var httpPort = broker.HttpPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off";
            HostLog.BrokerStarted(logger, broker.MqttPort, broker.WebSocketPort, httpPort);
        }
        else
        {
            brokerUri = settings.Run.ExternalBroker;
            if (dashboardOptions.Enabled && settings.Broker.WebSocketPort == 0)
            {
                // The page connects to the external broker's WebSocket port, which cannot be chosen for it.
                throw new CommandLineException("run: with an external broker the dashboard needs its WebSocket port: set --ws-port (Mqtt:WebSocketPort) to 1..65535, or Dashboard:Enabled to false");
            }

            if (dashboardOptions.Enabled)
            {
                dashboard = await DashboardServer.StartAsync(
                    dashboardOptions.Port,
                    dashboardOptions,
                    new DashboardRuntimeInfo(deviceId, null, settings.Broker.WebSocketPort),
                    settings.Broker.BindAddress,
                    loggerFactory,
                    app => HealthEndpoints.Map(app, health.Evaluate),
                    cancellationToken).ConfigureAwait(false);
            }

            ports = new StatusPorts(brokerUri.Port, settings.Broker.WebSocketPort, dashboard?.Port);
            var brokerText = brokerUri.ToString();
            var httpPort = dashboard?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off";
            HostLog.ExternalBroker(logger, brokerText, httpPort);
        }

        var version = typeof(RunCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var publisher = new MqttPublisher(
            settings.Publisher with { BrokerUri = brokerUri },
            StatusPayload.CreateOnline(deviceId, version, stages.Model.ModelIds, startedAt, ports),
            loggerFactory.CreateLogger<MqttPublisher>());
        var sinks = new List<IOutcomeSink> { new MqttOutcomeSink(publisher) };
        try
        {
            publisher.Start();
            if (settings.JsonLines.Path.Length > 0)
            {
                sinks.Add(new JsonLinesSink(
                    settings.JsonLines,
                    TimeProvider.System,
                    loggerFactory.CreateLogger("jsonl")));
            }

            using var schedulers = PipelineSchedulers.CreateThreads();
            using var pipeline = new FerEdgePipeline(
                source,
                stages.NewPerception(),
                stages.NewEmotionStage(),
                sinks,
                settings.Pipeline,
                schedulers,
                TimeProvider.System,
                loggerFactory.CreateLogger("pipeline"));
            var clock = Stopwatch.StartNew();
            using var stopMetrics = new CancellationTokenSource();
            var metrics = new MetricsLoop(
                settings.Run.MetricsInterval,
                TimeProvider.System,
                () => PublishMetrics(publisher, pipeline.Counters, sinks, deviceId, clock.Elapsed)).RunAsync(stopMetrics.Token);
            health.Attach(pipeline.Counters, sinks, () => publisher.IsConnected);
            using var notifier = SystemdNotifier.FromEnvironment();
            var liveness = new HealthLoop(
                health,
                new StageHeartbeat(schedulers, TimeProvider.System),
                notifier,
                publisher.SetDegraded,
                TimeProvider.System,
                loggerFactory.CreateLogger("health")).RunAsync(stopMetrics.Token);
            try
            {
                await pipeline.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stopMetrics.CancelAsync().ConfigureAwait(false);
                await metrics.ConfigureAwait(false);
                await liveness.ConfigureAwait(false);
            }

            PublishMetrics(publisher, pipeline.Counters, sinks, deviceId, clock.Elapsed);
            var c = pipeline.Counters;
            var fps = c.FramesProcessed / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            var p50 = c.EndToEnd.Percentile(50);
            var p99 = c.EndToEnd.Percentile(99);
            HostLog.Finished(logger, c.FramesProcessed, fps, c.Dropped, c.FramesRead, c.Keyframes.Count, p50, p99);
            return 0;
        }
        finally
        {
            foreach (var sink in sinks)
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }

            await publisher.DisposeAsync().ConfigureAwait(false);
            var m = publisher.GetCounters();
            HostLog.MqttSummary(logger, m.Enqueued, m.Published, m.Dropped, m.DroppedOutboxFull, m.DroppedRateLimited, m.DroppedSendFailed, m.DroppedShutdown, m.OutboxCount, m.Connects);
            if (dashboard is not null)
            {
                await dashboard.DisposeAsync().ConfigureAwait(false);
            }

            if (broker is not null)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static IFrameSource OpenSource(RunOptions settings, ILogger logger)
    {
        var backend = FrameSources.BackendFromEnvironment();
        if (settings.Source is { } spec)
        {
            return FrameSources.Open(spec, backend, settings.MaxImagePixels);
        }

        try
        {
            return FrameSources.Open("camera:0", backend, settings.MaxImagePixels);
        }
        catch (FrameSourceException e)
        {
            HostLog.NoCamera(logger, e.Message, settings.DemoVideo);
            return FrameSources.Open(settings.DemoVideo, backend, settings.MaxImagePixels);
        }
    }

    private static void PublishMetrics(MqttPublisher publisher, PipelineCounters counters, IReadOnlyList<IOutcomeSink> sinks, string deviceId, TimeSpan elapsed)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime.TotalSeconds / Math.Max(elapsed.TotalSeconds, 1e-9) * 100;
        var lost = sinks.OfType<JsonLinesSink>().Sum(s => s.LinesLost);
        MetricsPayload.Write(buffer, deviceId, counters.ToMetrics(elapsed, cpu, process.WorkingSet64 / (1024.0 * 1024.0)) with { JsonLinesLost = lost });
        publisher.Enqueue(MqttTopics.Metrics, buffer.WrittenMemory.ToArray());
    }
}
