using System.Net;
using System.Text.Json;

namespace FerEdge.Dashboard.Tests;

/// <summary>The dashboard's HTTP side over real sockets: the page's files, <c>/api/config</c>, and which port serves them.</summary>
public sealed class DashboardHttpTests
{
    private static readonly DashboardOptions Options = new()
    {
        AlertEmotions = ["sadness", "fear"],
        EmotionAlertAfter = TimeSpan.FromSeconds(12),
        NoFaceAlertAfter = null,
        StaleAfter = TimeSpan.FromSeconds(4),
        TimelineWindow = TimeSpan.FromMinutes(3),
    };

    [Fact]
    public async Task Config_EmbeddedBroker_NamesDeviceWebSocketPortAndRules()
    {
        await using var served = await ServedBroker.StartAsync(Options);
        using var api = DashboardApiClient.Create(served.Url(""));
        await api.LoginOkAsync();

        using var response = await api.GetAsync("api/config");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("robot-http", root.GetProperty("device").GetString());
        var mqtt = root.GetProperty("mqtt");
        Assert.Equal(served.Broker.WebSocketPort, mqtt.GetProperty("ws_port").GetInt32());
        Assert.Equal("/mqtt", mqtt.GetProperty("ws_path").GetString());
        Assert.Equal(JsonValueKind.Null, mqtt.GetProperty("ws_url").ValueKind);
        Assert.Equal("feredge/robot-http/", mqtt.GetProperty("topic_root").GetString());
        var alerts = root.GetProperty("alerts");
        Assert.Equal(["sadness", "fear"], alerts.GetProperty("emotions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(12, alerts.GetProperty("emotion_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, alerts.GetProperty("no_face_seconds").ValueKind);
        Assert.Equal(4, root.GetProperty("stale_seconds").GetDouble());
        Assert.Equal(180, root.GetProperty("timeline_seconds").GetDouble());
    }

    [Fact]
    public async Task Page_EmbeddedBroker_ServesFilesWithStrictPolicy()
    {
        await using var served = await ServedBroker.StartAsync(Options);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;

        using var page = await http.GetAsync(served.Url(""), ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        using var mqttJs = await http.GetAsync(served.Url("mqtt.min.js"), ct);
        var js = await mqttJs.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"mqtt.min.js\"", html, StringComparison.Ordinal);
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<[^>]*\son[a-z]+\s*=", html);
        Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)[^>]*>", html);
        Assert.Equal(HttpStatusCode.OK, mqttJs.StatusCode);
        Assert.Equal("text/javascript", mqttJs.Content.Headers.ContentType?.MediaType);

        // The bundled mqtt.js is the one pinned in web/package-lock.json, byte for byte.
        var installed = await File.ReadAllTextAsync(FerEdge.Testing.TestPaths.InRepo("src", "FerEdge.Dashboard", "web", "node_modules", "mqtt", "dist", "mqtt.min.js"), ct);
        Assert.Equal(installed, js);
    }

    [Fact]
    public async Task Page_SecondRequestWithETag_NotModified()
    {
        await using var served = await ServedBroker.StartAsync(Options);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;

        using var first = await http.GetAsync(served.Url("app.js"), ct);
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        using var request = new HttpRequestMessage(HttpMethod.Get, served.Url("app.js"));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("missing.js")]
    [InlineData("web.config")]
    [InlineData("..%2FFerEdge.Dashboard.dll")]
    public async Task Page_UnknownFile_NotFound(string path)
    {
        await using var served = await ServedBroker.StartAsync(Options);
        using var http = new HttpClient();

        using var response = await http.GetAsync(served.Url(path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Page_OnWebSocketPort_NotServed()
    {
        await using var served = await ServedBroker.StartAsync(Options);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;

        using var page = await http.GetAsync(new Uri($"http://127.0.0.1:{served.Broker.WebSocketPort}/"), ct);
        using var config = await http.GetAsync(new Uri($"http://127.0.0.1:{served.Broker.WebSocketPort}/api/config"), ct);
        using var login = await http.PostAsync(
            new Uri($"http://127.0.0.1:{served.Broker.WebSocketPort}/api/login"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, config.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }

    [Fact]
    public async Task Map_Disabled_ServesNothing()
    {
        await using var served = await ServedBroker.StartAsync(new DashboardOptions { Enabled = false });
        using var http = new HttpClient();

        using var response = await http.GetAsync(served.Url(""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DashboardServer_ExternalBroker_ConfigCarriesBrokerUrl()
    {
        var runtime = new DashboardRuntimeInfo("robot-ext", HttpPort: null, WebSocketPort: null, WebSocketUri: new Uri("ws://localhost:9001/mqtt"));
        using var sessions = new DashboardSessions(Options);
        var access = new DashboardAccess(DashboardUsers.Create(), sessions, new FerEdge.Core.Security.LoginThrottle());
        await using var server = await DashboardServer.StartAsync(
            0, Options, runtime, IPAddress.Loopback, access: access, cancellationToken: TestContext.Current.CancellationToken);
        using var api = DashboardApiClient.Create(server.LocalUri);
        var ct = TestContext.Current.CancellationToken;
        await api.LoginOkAsync();

        using var page = await api.GetAsync("");
        using var config = await api.GetAsync("api/config");
        using var json = JsonDocument.Parse(await config.Content.ReadAsStringAsync(ct));

        Assert.NotEqual(0, server.Port);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var mqtt = json.RootElement.GetProperty("mqtt");
        Assert.Equal("ws://localhost:9001/mqtt", mqtt.GetProperty("ws_url").GetString());
        Assert.Equal(JsonValueKind.Null, mqtt.GetProperty("ws_port").ValueKind);
    }

    [Fact]
    public async Task DashboardServer_PortTaken_ThrowsNamingPort()
    {
        await using var first = await DashboardServer.StartAsync(
            0, Options, new DashboardRuntimeInfo("robot-a", null, 9001), IPAddress.Loopback, cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<IOException>(() => DashboardServer.StartAsync(
            first.Port, Options, new DashboardRuntimeInfo("robot-b", null, 9001), IPAddress.Loopback, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardServer_NoWebSocketEndpoint_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(
            0, Options, new DashboardRuntimeInfo("robot-a", null, null), IPAddress.Loopback, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("WebSocket port", error.Message, StringComparison.Ordinal);
    }
}
