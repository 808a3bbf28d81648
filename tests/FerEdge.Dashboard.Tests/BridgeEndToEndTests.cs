using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Security;
using FerEdge.Security;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A robot on its embedded broker, bridged to a care home's broker (Debian's mosquitto with TLS, a password file and
/// an ACL), over loopback only. Local clients keep reading the device on the embedded broker while mosquitto's
/// clients read the same topics there; a command sent on mosquitto reaches the device's command topic on the embedded
/// broker once and is not sent back to mosquitto; mosquitto killed outright leaves the device running and serving its own broker (its status degraded,
/// naming the bridge), and once mosquitto is back the bridge reconnects and publishes again, its retained online
/// status first, and the device is online again; killed, it goes offline there through the bridge's Last Will.
/// </summary>
public sealed class BridgeEndToEndTests
{
    private const string DeviceId = "robot-bridge";
    private const string HomeUser = "dashboard";
    private const string HomePassword = "dashboard-broker-password-1";

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Bridge_EmbeddedBrokerToMosquitto_ForwardsTopicsRelaysCommandsAndSurvivesTheHomeBroker()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = TestPaths.NewScratchFolder("bridge");
        using var certificates = TestCertificates.Create();
        File.SetUnixFileMode(certificates.ServerKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var home = await FleetBroker.StartAsync(certificates, new Dictionary<string, string> { [DeviceId] = "robot-bridge-password" }, (HomeUser, HomePassword));

        var state = Path.Combine(dir, "state");
        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var users = new UserStore(state);
        users.Add(DashboardUsers.Caregiver, Role.Caregiver, DashboardUsers.CaregiverPassword);
        users.Add(DashboardUsers.Admin, Role.Admin, DashboardUsers.AdminPassword);
        var looped = Path.Combine(dir, "looped.mp4");
        ExternalTools.Run("ffmpeg", ["-v", "error", "-stream_loop", "40", "-i", TestPaths.Data("videos", "single_face.mp4"), "-c", "copy", looped]);
        var embedded = FreePort.Pick();
        using var device = FerEdgeProcess.Start(DeviceId,
            ["run", "--source", looped, "--realtime", "--device-id", DeviceId, "--ws-port", "0"],
            new Dictionary<string, string>
            {
                ["FEREDGE__StateDirectory"] = state,
                ["FEREDGE__Mqtt__Port"] = embedded.ToString(CultureInfo.InvariantCulture),
                ["FEREDGE__Mqtt__BindAddress"] = "127.0.0.1",
                ["FEREDGE__Dashboard__Enabled"] = "false",

                // Quick enough for a test to see the bridge's broker reported away.
                ["FEREDGE__Health__ReadyWithinSeconds"] = "2",
                ["FEREDGE__Mqtt__Bridge"] = home.MqttUri(DeviceId).ToString(),
                ["FEREDGE__Mqtt__BridgePasswordFile"] = ExternalTools.SecretFile(dir, "bridge.pw", "robot-bridge-password"),
                ["FEREDGE__Mqtt__BridgeCaFile"] = certificates.CaFile,
            });
        string[] onHome = ["-h", "127.0.0.1", "-p", Port(home.MqttPort), "--cafile", certificates.CaFile, "-u", HomeUser, "-P", HomePassword];
        using var homeSub = Sub.Start(["-i", "home-sub", .. onHome, "-t", $"feredge/{DeviceId}/#", "-v"]);
        await device.WaitForPortAsync(embedded, TimeSpan.FromSeconds(90), ct);

        // The embedded broker's clients trust the device CA that the first run created in the state folder.
        var deviceCa = Path.Combine(state, DeviceCertificates.AuthorityCertificateFile);
        string[] onDevice(string user, string password) => ["-h", "127.0.0.1", "-p", Port(embedded), "--cafile", deviceCa, "-u", user, "-P", password];
        var caregiver = onDevice(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword);
        using var localSub = Sub.Start(["-i", "carol-sub", .. caregiver, "-t", $"feredge/{DeviceId}/#", "-v"]);
        using var commandSub = Sub.Start(["-i", "ada-commands", .. onDevice(DashboardUsers.Admin, DashboardUsers.AdminPassword), "-t", $"feredge/{DeviceId}/command", "-v"]);

        // Both brokers carry the device's online status and its emotions.
        foreach (var (sub, where) in new[] { (homeSub, "mosquitto"), (localSub, "embedded broker") })
        {
            await sub.WaitForAsync(l => l.StartsWith($"feredge/{DeviceId}/status ", StringComparison.Ordinal) && l.Contains("\"online\"", StringComparison.Ordinal), $"online status on the {where}", device, ct);
            await sub.WaitForAsync(l => l.StartsWith($"feredge/{DeviceId}/emotion ", StringComparison.Ordinal), $"an emotion on the {where}", device, ct);
        }

        // A command sent on the home's broker reaches the device's command topic on its own broker once, and is
        // not sent back: the device's account on mosquitto, which may read that topic, sees it once too.
        using var homeCommands = Sub.Start(["-i", "home-commands", "-h", "127.0.0.1", "-p", Port(home.MqttPort), "--cafile", certificates.CaFile, "-u", DeviceId, "-P", "robot-bridge-password", "-t", $"feredge/{DeviceId}/command", "-v"]);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        const string Command = """{"command":"bridge-check","id":"home-1"}""";
        await Pub([.. onHome, "-i", "home-pub", "-t", $"feredge/{DeviceId}/command", "-q", "1", "-m", Command], ct);
        await commandSub.WaitForAsync(l => l == $"feredge/{DeviceId}/command {Command}", "the relayed command on the embedded broker", device, ct);
        await homeCommands.WaitForAsync(l => l == $"feredge/{DeviceId}/command {Command}", "the command on mosquitto", device, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Single(commandSub.Lines, l => l.Contains("home-1", StringComparison.Ordinal));
        Assert.Single(homeCommands.Lines, l => l.Contains("home-1", StringComparison.Ordinal));

        // The home's broker dies: the device runs on, says on its own broker that the bridge is away, and still
        // serves the caregiver fresh emotions there.
        home.Kill();
        await localSub.WaitForAsync(
            l => l.StartsWith($"feredge/{DeviceId}/status ", StringComparison.Ordinal) && l.Contains("\"degraded\"", StringComparison.Ordinal) && l.Contains("MQTT bridge unreachable", StringComparison.Ordinal),
            "a degraded status naming the bridge on the embedded broker", device, ct);
        Assert.False(device.HasExited, device.Describe());
        var before = localSub.Lines.Count(l => l.Contains("/emotion ", StringComparison.Ordinal));
        await localSub.WaitForAsync(
            _ => localSub.Lines.Count(l => l.Contains("/emotion ", StringComparison.Ordinal)) >= before + 10, "emotions on the embedded broker with mosquitto down", device, ct);
        using (var fresh = Sub.Start(["-i", "carol-fresh", .. caregiver, "-t", $"feredge/{DeviceId}/emotion", "-C", "1", "-W", "20"]))
        {
            await fresh.WaitForAsync(l => l.StartsWith($"feredge/{DeviceId}/emotion", StringComparison.Ordinal) || l.StartsWith('{'), "a new subscriber served while mosquitto is down", device, ct);
        }

        // Back again (its retained messages lost with it): the bridge reconnects, announces the device online and
        // goes on publishing.
        await home.RestartAsync();
        using var again = Sub.Start(["-i", "home-again", .. onHome, "-t", $"feredge/{DeviceId}/#", "-v"]);
        await again.WaitForAsync(l => l.StartsWith($"feredge/{DeviceId}/status ", StringComparison.Ordinal) && l.Contains("\"online\"", StringComparison.Ordinal), "online status on mosquitto after its restart", device, ct, TimeSpan.FromSeconds(60));
        await again.WaitForAsync(l => l.StartsWith($"feredge/{DeviceId}/emotion ", StringComparison.Ordinal), "emotions on mosquitto after its restart", device, ct);
        await Pub([.. onHome, "-i", "home-pub-2", "-t", $"feredge/{DeviceId}/command", "-q", "1", "-m", Command.Replace("home-1", "home-2", StringComparison.Ordinal)], ct);
        await commandSub.WaitForAsync(l => l.Contains("home-2", StringComparison.Ordinal), "a command relayed after the reconnect", device, ct);
        using var status = Sub.Start(["-i", "carol-status", .. caregiver, "-t", $"feredge/{DeviceId}/status"]);
        await status.WaitForAsync(l => l.Contains("\"online\"", StringComparison.Ordinal), "the device online again on its own broker", device, ct);
        Assert.False(device.HasExited, device.Describe());

        // Killed outright, the device goes offline on the home's broker through the bridge's own Last Will.
        device.Kill();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!again.Lines.Any(l => l.StartsWith($"feredge/{DeviceId}/status ", StringComparison.Ordinal) && l.Contains("\"offline\"", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no offline status on mosquitto after the device was killed:\n" + string.Join('\n', again.Lines.TakeLast(5)));
            await Task.Delay(100, ct);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task Pub(string[] args, CancellationToken ct)
    {
        using var p = Process.Start(new ProcessStartInfo("mosquitto_pub", args) { RedirectStandardError = true })!;
        var err = await p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        Assert.True(p.ExitCode == 0, $"mosquitto_pub failed: {err}");
    }


    /// <summary>A mosquitto_sub running until disposed (killed), every line it prints kept.</summary>
    private sealed class Sub : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private Sub(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    _lines.Enqueue(line);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    _lines.Enqueue("stderr: " + line);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public IReadOnlyCollection<string> Lines => _lines;

        public static Sub Start(string[] args) =>
            new(Process.Start(new ProcessStartInfo("mosquitto_sub", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!);

        public async Task WaitForAsync(Func<string, bool> match, string what, FerEdgeProcess device, CancellationToken ct, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
            while (!_lines.Any(match))
            {
                Assert.False(device.HasExited, device.Describe());
                Assert.True(DateTime.UtcNow < deadline, $"no {what}; the subscriber printed:\n{string.Join('\n', _lines.TakeLast(20))}\n{device.Describe()}");
                await Task.Delay(100, ct);
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
}
