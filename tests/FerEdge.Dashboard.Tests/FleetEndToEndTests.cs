using System.Globalization;
using FerEdge.Core.Security;
using FerEdge.Security;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A care home's fleet, end to end and over loopback only: Debian's mosquitto (TLS, password file, ACL) as the home's
/// broker, three <c>fer-edge run</c> processes on different shared videos publishing to it as their own device
/// users, and <c>fer-edge dashboard</c> serving the overview over HTTPS with the broker's WebSocket URL. In Chromium,
/// logged in as a caregiver: all three robots appear with their names, online and with a decided emotion; an alert
/// on one shows on the overview and is acknowledged there; the overview has no sideways overflow at phone and tablet
/// sizes (screenshots kept); a card opens that robot's detail view; and a robot killed outright goes offline through
/// its Last Will while the others stay online. One robot also serves its own page, which reaches the same broker with
/// the configured WebSocket URL and broker account.
/// </summary>
public sealed class FleetEndToEndTests
{
    private const string DashboardUser = "dashboard";
    private const string DashboardPassword = "dashboard-broker-password-1";

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Fleet_ThreeRunsOnMosquittoAndDashboard_OverviewShowsAlertsAndOffline()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = TestPaths.NewScratchFolder("fleet");
        using var certificates = TestCertificates.Create();
        File.SetUnixFileMode(certificates.ServerKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var home = ChromiumHome.Trusting(certificates);
        var devices = new Dictionary<string, (string Video, int Loops, string Name)>
        {
            ["robot-a"] = ("single_face.mp4", 60, "Room A (garden)"),
            ["robot-b"] = ("short_hamilton_clip.mp4", 15, "Room B"),
            ["robot-c"] = ("noface_face.mov", 25, "Room C"),
        };
        var passwords = devices.Keys.ToDictionary(id => id, id => $"{id}-broker-password");
        using var broker = await FleetBroker.StartAsync(certificates, passwords, (DashboardUser, DashboardPassword));

        var processes = new List<FerEdgeProcess>();
        var robotPage = FreePort.Pick();
        try
        {
            foreach (var (id, (video, loops, name)) in devices)
            {
                // Looped (stream copy) so that each robot keeps publishing for the whole test.
                var looped = Path.Combine(dir, id + Path.GetExtension(video));
                ExternalTools.Run("ffmpeg", ["-v", "error", "-stream_loop", loops.ToString(CultureInfo.InvariantCulture), "-i", TestPaths.Data("videos", video), "-c", "copy", looped]);
                var state = NewStateFolder(dir, id);
                var passwordFile = ExternalTools.SecretFile(dir, id + ".pw", passwords[id]);
                var environment = new Dictionary<string, string>
                {
                    ["FEREDGE__StateDirectory"] = state,
                    ["FEREDGE__Mqtt__PasswordFile"] = passwordFile,
                    ["FEREDGE__Mqtt__CaFile"] = certificates.CaFile,
                    ["FEREDGE__DisplayName"] = name,
                    ["FEREDGE__Dashboard__Enabled"] = "false",
                };
                if (id == "robot-a")
                {
                    // One robot serves its own page too: it tells the page the broker's WebSocket URL and the broker
                    // account to log in with, since mosquitto cannot check the page's session token.
                    new UserStore(state).Add(DashboardUsers.Caregiver, Role.Caregiver, DashboardUsers.CaregiverPassword);
                    environment["FEREDGE__Dashboard__Enabled"] = "true";
                    environment["FEREDGE__Dashboard__BrokerUser"] = DashboardUser;
                    environment["FEREDGE__Dashboard__BrokerPasswordFile"] = ExternalTools.SecretFile(dir, "robot-a-page.pw", DashboardPassword);
                    environment["FEREDGE__Dashboard__BrokerWebSocketUrl"] = broker.WebSocketUri.ToString();
                    environment["FEREDGE__Mqtt__HttpPort"] = robotPage.ToString(CultureInfo.InvariantCulture);
                    environment["FEREDGE__Mqtt__BindAddress"] = "127.0.0.1";
                    environment["FEREDGE__Security__CertificateFile"] = certificates.ServerCertificateFile;
                    environment["FEREDGE__Security__KeyFile"] = certificates.ServerKeyFile;
                }

                processes.Add(FerEdgeProcess.Start(id,
                    ["run", "--source", looped, "--realtime", "--device-id", id, "--broker", broker.MqttUri(id).ToString(), "--ws-port", "0"],
                    environment));
            }

            // The office box: the caregiver added through the product's user store, the page served with the home's
            // certificate (the CA Chromium trusts), the alert rule quick enough for a test.
            var dashboardState = NewStateFolder(dir, "dashboard");
            new UserStore(dashboardState).Add(DashboardUsers.Caregiver, Role.Caregiver, DashboardUsers.CaregiverPassword);
            var config = Path.Combine(dir, "dashboard.json");
            await File.WriteAllTextAsync(config, """{ "Dashboard": { "AlertEmotions": [ "happy" ], "AlertAfterSeconds": 1, "StaleAfterSeconds": 3 } }""", ct);
            var http = FreePort.Pick();
            var dashboard = FerEdgeProcess.Start("fer-edge dashboard",
                ["dashboard", "--broker", broker.MqttUri(DashboardUser).ToString(), "--broker-ws", broker.WebSocketUri.ToString(),
                 "--http-port", http.ToString(CultureInfo.InvariantCulture), "--config", config],
                new Dictionary<string, string>
                {
                    ["FEREDGE__StateDirectory"] = dashboardState,
                    ["FEREDGE__Mqtt__PasswordFile"] = ExternalTools.SecretFile(dir, "dashboard.pw", DashboardPassword),
                    ["FEREDGE__Mqtt__BindAddress"] = "127.0.0.1",
                    ["FEREDGE__Security__CertificateFile"] = certificates.ServerCertificateFile,
                    ["FEREDGE__Security__KeyFile"] = certificates.ServerKeyFile,
                });
            processes.Add(dashboard);
            await dashboard.WaitForPortAsync(http, TimeSpan.FromSeconds(60), ct);
            foreach (var device in processes.Where(p => p != dashboard))
            {
                await device.WaitForLineAsync("Frame ", TimeSpan.FromSeconds(90), ct);
            }

            var screenshots = TestPaths.InRepo("artifacts", "test", "dashboard", "fleet");
            if (Directory.Exists(screenshots))
            {
                Directory.Delete(screenshots, recursive: true);
            }

            string Shot(string name) => Path.Combine(screenshots, name);
            string[] steps =
            [
                "logged-out", $"login={DashboardUsers.Caregiver}:{DashboardUsers.CaregiverPassword}", "devices>=3",
                "device-state=robot-a:online", "device-state=robot-b:online", "device-state=robot-c:online",
                "device-emotion=robot-a", "device-alert=robot-a",
                "viewport=390x844", "no-overflow", $"save={Shot("overview-phone.png")}",
                "viewport=820x1180", "no-overflow", $"save={Shot("overview-tablet.png")}",
                "device-ack=robot-a",
                "open=robot-b", "status=online", "viewport=390x844", "no-overflow", $"save={Shot("detail-phone.png")}",
                "viewport=820x1180", "no-overflow", "back",
                "device-state=robot-c:offline", "device-state=robot-a:online", "device-state=robot-b:online", "no-overflow",
            ];
            var robotC = processes.Single(p => p.Name == "robot-c");
            var result = await BrowserRun.RunAsync(
                new Uri($"https://127.0.0.1:{http}/"),
                steps,
                Path.Combine(screenshots, "steps"),
                step =>
                {
                    if (step.GetProperty("step").GetString() == "back" && step.GetProperty("ok").GetBoolean())
                    {
                        robotC.Kill();
                    }

                    return Task.CompletedTask;
                },
                TimeSpan.FromMinutes(4),
                home);

            var context = result + "\n" + string.Join("\n\n", processes.Select(p => p.Describe()));
            Assert.True(result.ExitCode == 0, context);
            Assert.Equal(steps.Length, result.Steps.Count);
            Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));

            // The names come from each device's DisplayName, through its retained status.
            var listed = result.Steps.Single(s => s.GetProperty("step").GetString() == "devices>=3").GetProperty("value").GetProperty("devices")
                .EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("name").GetString());
            foreach (var (id, (_, _, name)) in devices)
            {
                Assert.Equal(name, listed[id]);
            }

            // The page spoke only to the dashboard (HTTPS) and the broker (WSS).
            var requests = result.Summary!.Value.GetProperty("requests").EnumerateArray().Select(r => new Uri(r.GetString()!)).Where(r => r.Scheme != "blob").ToList();
            Assert.Contains(requests, r => r.Scheme == "wss" && r.Port == broker.WebSocketPort);
            Assert.All(requests, r => Assert.True((r.Scheme == "https" && r.Port == http) || (r.Scheme == "wss" && r.Port == broker.WebSocketPort), $"unexpected request {r}"));
            Assert.Empty(result.Summary!.Value.GetProperty("page_errors").EnumerateArray());
            Assert.False(dashboard.HasExited, dashboard.Describe());

            // The robot's own page on the same broker: an external broker is a first-class path for it too.
            string[] pageSteps =
            [
                "logged-out", $"login={DashboardUsers.Caregiver}:{DashboardUsers.CaregiverPassword}", "status=online", "timeline-bands>=1",
                "viewport=390x844", "no-overflow", $"save={Shot("device-phone.png")}",
            ];
            var page = await BrowserRun.RunAsync(
                new Uri($"https://127.0.0.1:{robotPage}/"), pageSteps, Path.Combine(screenshots, "robot-a"), _ => Task.CompletedTask, TimeSpan.FromMinutes(2), home);
            Assert.True(page.ExitCode == 0, page + "\n" + string.Join("\n\n", processes.Select(p => p.Describe())));
            Assert.All(page.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
            Assert.Contains(
                page.Summary!.Value.GetProperty("requests").EnumerateArray().Select(r => new Uri(r.GetString()!)),
                r => r.Scheme == "wss" && r.Port == broker.WebSocketPort);
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string NewStateFolder(string dir, string name)
    {
        var state = Path.Combine(dir, "state-" + name);
        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return state;
    }
}
