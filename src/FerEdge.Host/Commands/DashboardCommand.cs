using System.Globalization;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge dashboard [--broker URI] [--broker-ws URL] [--http-port N] [--config FILE]</c>: the caregiver page
/// without a pipeline (no models, no camera), for a fleet of devices on one external broker. It serves the overview of
/// every device under <c>feredge/+/status</c> over HTTPS; caregivers log in with the state directory's users, and the
/// page connects to the broker's WebSocket URL with the dashboard's broker account (the URI's user, its password in
/// <c>Mqtt:PasswordFile</c>). Runs until SIGTERM or Ctrl+C.
/// </summary>
public static class DashboardCommand
{
    private const string BrokerShape = "mqtts://user@host:port";
    private static readonly string[] Valued = ["broker", "broker-ws", "http-port", "config"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("dashboard", args, Valued, []);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (a.Get("broker") is { } broker)
        {
            overrides["Mqtt:Broker"] = broker;
        }

        if (a.Get("broker-ws") is { } ws)
        {
            overrides["Dashboard:BrokerWebSocketUrl"] = ws;
        }

        if (a.GetInt("http-port", 0, 65535) is { } port)
        {
            overrides["Mqtt:HttpPort"] = port.ToString(CultureInfo.InvariantCulture);
        }

        FerEdgeOptions settings;
        try
        {
            settings = SettingsLoader.Load(a.Get("config"), overrides);
        }
        catch (SettingsException e)
        {
            throw new CommandLineException("dashboard: " + e.Message, e);
        }

        Check(settings);
        using var host = BuildHost(settings);
        host.Run();
        return 0;
    }

    /// <summary>What the overview needs before anything starts: an external broker with a user and its password.</summary>
    private static void Check(FerEdgeOptions settings)
    {
        if (settings.Run.ExternalBroker is not { } broker)
        {
            throw new CommandLineException($"dashboard: needs the fleet's broker: --broker {BrokerShape} (Mqtt:Broker), not the embedded one");
        }

        if (broker.UserInfo.Length == 0)
        {
            throw new CommandLineException($"dashboard: the broker URI names no user: give the dashboard's broker account as {BrokerShape}");
        }

        if (settings.Run.BrokerPasswordFile is null)
        {
            throw new CommandLineException("dashboard: the broker user's password file is not set: Mqtt:PasswordFile (FEREDGE__Mqtt__PasswordFile)");
        }

        RequireSecureWebSocket("dashboard", MessagingService.ExternalWebSocketUrl(settings.Dashboard, broker, settings.Broker.WebSocketPort));
    }

    /// <summary>An HTTPS page can only open <c>wss://</c>: browsers refuse a plain WebSocket from it.</summary>
    internal static void RequireSecureWebSocket(string command, Uri webSocketUrl)
    {
        if (webSocketUrl.Scheme != "wss")
        {
            throw new CommandLineException(
                $"{command}: the page is served over HTTPS, so the broker's WebSocket URL must be wss://, got '{webSocketUrl}' (--broker-ws, Dashboard:BrokerWebSocketUrl)");
        }
    }

    private static IHost BuildHost(FerEdgeOptions settings)
    {
        var builder = ConsoleHost.CreateBuilder();
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddHostedService<FleetDashboardService>();
        return builder.Build();
    }
}
