using System.Diagnostics;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// Debian's <c>mosquitto</c> as a care home's own broker, in a child process on loopback: MQTT over TLS and MQTT over
/// secure WebSockets (<c>/mqtt</c>), both with the test CA's server certificate, a password file and an ACL in
/// which each device writes only its own topics and the dashboard's account reads every device's status, emotion
/// and explanation and sends commands. No anonymous clients. Disposing kills it.
/// </summary>
internal sealed class FleetBroker : IDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private Process _process;
    private string _config = "";

    private FleetBroker(Process process, int mqttPort, int webSocketPort)
    {
        _process = process;
        MqttPort = mqttPort;
        WebSocketPort = webSocketPort;
    }

    public int MqttPort { get; }

    public int WebSocketPort { get; }

    /// <summary>The broker URI for <paramref name="user"/>, as <c>fer-edge</c> takes it.</summary>
    public Uri MqttUri(string user) => new($"mqtts://{user}@127.0.0.1:{MqttPort}");

    /// <summary>Where the page connects.</summary>
    public Uri WebSocketUri => new($"wss://127.0.0.1:{WebSocketPort}/mqtt");

    /// <summary>Starts mosquitto with <paramref name="devices"/> (device users) and <paramref name="dashboard"/> (the dashboard's account).</summary>
    public static async Task<FleetBroker> StartAsync(TestCertificates certificates, IReadOnlyDictionary<string, string> devices, (string User, string Password) dashboard)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; run tools/setup.sh (apt package mosquitto)");
        }

        var folder = TestPaths.NewScratchFolder("fleet-mosquitto");
        var passwords = Path.Combine(folder, "passwords");
        var first = true;
        foreach (var (user, password) in devices.Append(new(dashboard.User, dashboard.Password)))
        {
            string[] args = first ? ["-b", "-c", passwords, user, password] : ["-b", passwords, user, password];
            first = false;
            using var made = Process.Start(new ProcessStartInfo("mosquitto_passwd", args) { UseShellExecute = false })!;
            await made.WaitForExitAsync();
            if (made.ExitCode != 0)
            {
                throw new InvalidOperationException("mosquitto_passwd failed");
            }
        }

        var acl = Path.Combine(folder, "acl");
        await File.WriteAllTextAsync(acl,
            "pattern write feredge/%u/status\npattern write feredge/%u/emotion\npattern write feredge/%u/explanation\n"
            + "pattern write feredge/%u/metrics\npattern write feredge/%u/reply\npattern read feredge/%u/command\n"
            + $"user {dashboard.User}\ntopic read feredge/+/status\ntopic read feredge/+/emotion\ntopic read feredge/+/explanation\n"
            + "topic read feredge/+/reply\ntopic write feredge/+/command\n");
        var mqtt = FreePort.Pick();
        var ws = FreePort.Pick();
        var tls = $"cafile {certificates.CaFile}\ncertfile {certificates.ServerCertificateFile}\nkeyfile {certificates.ServerKeyFile}\n";

        // As root mosquitto would switch to its own account, which cannot read the test's scratch files.
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config,
            $"persistence false\nlog_dest stdout\nallow_anonymous false\npassword_file {passwords}\nacl_file {acl}\n"
            + (Environment.UserName == "root" ? "user root\n" : "")
            + $"listener {mqtt} 127.0.0.1\n{tls}"
            + $"listener {ws} 127.0.0.1\nprotocol websockets\n{tls}");
        var broker = new FleetBroker(Launch(config), mqtt, ws) { _config = config };
        await broker.WaitListeningAsync();
        return broker;
    }

    /// <summary>Kills mosquitto outright (SIGKILL), as a broker that crashes or loses power.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
    }

    /// <summary>Starts mosquitto again, killed or not, with the same configuration and ports (retained messages are gone).</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process.Dispose();
        _process = Launch(_config);
        await WaitListeningAsync();
    }

    private static Process Launch(string config) => ExternalTools.StartQuiet(Executable, "-c", config);

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_process.HasExited && !(FreePort.Accepts(MqttPort) && FreePort.Accepts(WebSocketPort)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        if (_process.HasExited || !(FreePort.Accepts(MqttPort) && FreePort.Accepts(WebSocketPort)))
        {
            Dispose();
            throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{MqttPort} and {WebSocketPort} ({_config})");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
