using System.Net;
using FerEdge.Core.Security;
using FerEdge.Messaging;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A host that publishes to a broker it does not run: the page is served by a <see cref="DashboardServer"/> on its
/// own port and connects to the broker's WebSocket URL from <c>/api/config</c>. The "external" broker is a second
/// embedded broker with no HTTP port, so nothing but MQTT reaches the page from it. Both speak TLS with one
/// throw-away CA that Chromium trusts, and the broker admits only logged-in users: the device with its password, the
/// page with the caregiver's session token. The device runs in a child process that is killed outright, so the page
/// learns it is offline from the Last Will alone.
/// </summary>
public sealed class ExternalBrokerEndToEndTests
{
    [Fact]
    public async Task Page_DashboardServerAndExternalBroker_ShowsDeviceThenOfflineAfterKill()
    {
        var ct = TestContext.Current.CancellationToken;
        const string device = "robot-ext";
        const string devicePassword = "robot-ext-password-1";
        using var certificates = TestCertificates.Create();
        using var home = ChromiumHome.Trusting(certificates);
        var options = new DashboardOptions();
        using var sessions = new DashboardSessions(options);
        var users = DashboardUsers.Create().With(device, Role.Device, devicePassword);
        await using var broker = await EmbeddedBroker.StartAsync(
            new EmbeddedBrokerOptions
            {
                Certificate = certificates.Server,
                Authenticator = new AuthenticatorChain(sessions, users),
                BindAddress = IPAddress.Loopback,
                MqttPort = 0,
                WebSocketPort = 0,
            },
            cancellationToken: ct);
        var runtime = new DashboardRuntimeInfo(device, HttpPort: null, WebSocketPort: null, WebSocketUri: broker.WebSocketUri);
        await using var server = await DashboardServer.StartAsync(
            0, options, runtime, IPAddress.Loopback, access: new DashboardAccess(users, sessions, new LoginThrottle()),
            certificate: certificates.Server, cancellationToken: ct);
        using var child = await DeviceProcess.StartAsync(broker.MqttUri, device, devicePassword, certificates.CaFile);
        var screenshots = TestPaths.InRepo("artifacts", "test", "dashboard", "external");
        if (Directory.Exists(screenshots))
        {
            Directory.Delete(screenshots, recursive: true);
        }

        string[] steps = ["logged-out", $"login={DashboardUsers.Caregiver}:{DashboardUsers.CaregiverPassword}", "status=online", "emotion=neutral", "emotion=happy", "region-top=mouth", "status=offline"];
        var result = await BrowserRun.RunAsync(server.LocalUri, steps, screenshots, async line =>
        {
            switch (line.GetProperty("step").GetString())
            {
                case "emotion=neutral":
                    await child.SetSceneAsync(DeviceScene.Happy);
                    break;
                case "region-top=mouth":
                    child.Kill();
                    break;
            }
        }, TimeSpan.FromMinutes(2), home);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
        Assert.Equal(steps.Length, result.Steps.Count);
        var requests = result.Summary!.Value.GetProperty("requests").EnumerateArray().Select(r => new Uri(r.GetString()!)).Where(r => r.Scheme != "blob").ToList();
        Assert.Contains(requests, r => r.AbsolutePath == "/mqtt.min.js" && r.Port == server.Port);
        Assert.Equal("https", server.LocalUri.Scheme);
        Assert.Contains(requests, r => r.Scheme == "wss" && r.Port == broker.WebSocketPort);
        Assert.All(requests, r => Assert.True(r.Scheme is "https" or "wss", $"unencrypted request {r}"));
        Assert.All(requests, r => Assert.True(r.Port == server.Port || r.Port == broker.WebSocketPort, $"unexpected request {r}"));
    }
}
