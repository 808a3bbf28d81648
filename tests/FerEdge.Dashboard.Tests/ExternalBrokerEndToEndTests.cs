using System.Net;
using FerEdge.Messaging;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A host that publishes to a broker it does not run: the page is served by a <see cref="DashboardServer"/> on its
/// own port and connects to the broker's WebSocket URL from <c>/api/config</c>. The "external" broker is a second
/// embedded broker with no HTTP port, so nothing but MQTT reaches the page from it. The device runs in a child
/// process that is killed outright, so the page learns it is offline from the Last Will alone.
/// </summary>
public sealed class ExternalBrokerEndToEndTests
{
    [Fact]
    public async Task Page_DashboardServerAndExternalBroker_ShowsDeviceThenOfflineAfterKill()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await EmbeddedBroker.StartAsync(
            new EmbeddedBrokerOptions { AllowPlainText = true, AllowAnonymous = true, BindAddress = IPAddress.Loopback, MqttPort = 0, WebSocketPort = 0 }, cancellationToken: ct);
        const string device = "robot-ext";
        var runtime = new DashboardRuntimeInfo(device, HttpPort: null, WebSocketPort: null, WebSocketUri: broker.WebSocketUri);
        await using var server = await DashboardServer.StartAsync(0, new DashboardOptions(), runtime, IPAddress.Loopback, cancellationToken: ct);
        using var child = await DeviceProcess.StartAsync(broker.MqttUri, device);
        var screenshots = TestPaths.InRepo("artifacts", "test", "dashboard", "external");
        if (Directory.Exists(screenshots))
        {
            Directory.Delete(screenshots, recursive: true);
        }

        string[] steps = ["status=online", "emotion=neutral", "emotion=happy", "region-top=mouth", "status=offline"];
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
        }, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
        Assert.Equal(steps.Length, result.Steps.Count);
        var requests = result.Summary!.Value.GetProperty("requests").EnumerateArray().Select(r => new Uri(r.GetString()!)).Where(r => r.Scheme != "blob").ToList();
        Assert.Contains(requests, r => r.AbsolutePath == "/mqtt.min.js" && r.Port == server.Port);
        Assert.Contains(requests, r => r.Scheme == "ws" && r.Port == broker.WebSocketPort);
        Assert.All(requests, r => Assert.True(r.Port == server.Port || r.Port == broker.WebSocketPort, $"unexpected request {r}"));
    }
}
