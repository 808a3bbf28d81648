using FerEdge.Capture;
using FerEdge.Core.Frames;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Host.Health;
using FerEdge.Host.Hosting;
using FerEdge.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge run</c>: the main job. Reads the source, runs the pipeline, and streams emotions and explanations to
/// the MQTT broker (embedded by default), the JSON-lines file and the log; serves the caregiver dashboard. A Generic
/// Host of hosted services (<see cref="BuildHost"/>).
/// </summary>
public static class RunCommand
{
    private static readonly string[] Valued = ["source", "config", "broker", "jsonl", "max-frames", "device-id", "mqtt-port", "ws-port", "http-port", "broker-ws"];
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
        Map("broker-ws", "Dashboard:BrokerWebSocketUrl");
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

        if (settings.Run.ExternalBroker is { } external && settings.Dashboard.Enabled)
        {
            DashboardCommand.RequireSecureWebSocket("run", MessagingService.ExternalWebSocketUrl(settings.Dashboard, external, settings.Broker.WebSocketPort));
        }

        // The models load and warm up on the thread pool while the host builds and the broker starts, and the users
        // and certificates are read (on a first run: made) on the thread pool while the source opens; the source is
        // opened before any listener starts, so a missing source fails the command before a port is taken. A missing
        // model fails the start of the messaging service, which waits for the models before going online.
        using var stages = new BackgroundLoad<PipelineStages>(() => PipelineStages.LoadWarmed(settings.Stages));
        using var host = BuildHost(settings, stages);
        host.Services.GetRequiredService<BackgroundLoad<DeviceSecurity>>();
        host.Services.GetRequiredService<IFrameSource>();
        var run = host.Services.GetRequiredService<RunContext>();
        host.Run();
        run.Failure?.Throw();
        return 0;
    }

    /// <summary>
    /// The Generic Host of a run: the messaging service (broker, dashboard, publisher) starts first, then the
    /// pipeline, metrics and health services; they stop in the reverse order on SIGTERM, Ctrl+C or the end of the
    /// source.
    /// </summary>
    private static IHost BuildHost(FerEdgeOptions settings, BackgroundLoad<PipelineStages> stages)
    {
        var builder = ConsoleHost.CreateBuilder();
        var services = builder.Services;
        services.AddSingleton(new RunContext(settings));
        services.AddSingleton(stages);
        services.AddSingleton(p => new BackgroundLoad<DeviceSecurity>(() => DeviceSecurity.Open(
            settings.Security, settings.Dashboard, p.GetRequiredService<RunContext>().DeviceId, p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILoggerFactory>().CreateLogger("fer-edge"))));
        services.AddSingleton(p => OpenSource(settings.Run, p.GetRequiredService<ILoggerFactory>().CreateLogger("fer-edge")));
        services.AddSingleton(p => new ServiceHealth(settings.Run.ReadyWithin, p.GetRequiredService<TimeProvider>()));
        services.AddHostedService<MessagingService>();
        services.AddHostedService<PipelineService>();
        services.AddHostedService<MetricsService>();
        services.AddHostedService<HealthService>();
        return builder.Build();
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
}
