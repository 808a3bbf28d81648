using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>fer-edge run</c> publishing to an external broker: with <c>--ws-port 0</c> it starts (that port only means
/// something to the embedded broker), and the page served on the dashboard port tells a logged-in caregiver where the
/// broker's WebSocket endpoint is: <c>--broker-ws</c> (<c>Dashboard:BrokerWebSocketUrl</c>) when given, else the
/// broker's host at the contract's port 9001. A plain <c>ws://</c> URL, which an HTTPS page cannot open, exits 2 with
/// one line.
/// </summary>
public sealed class ExternalBrokerRunTests
{
    [Theory]
    [InlineData("wss://broker.home.example:9443/mqtt", "wss://broker.home.example:9443/mqtt")]
    [InlineData(null, "wss://127.0.0.1:9001/mqtt")]
    public async Task Run_ExternalBrokerWebSocketPortZero_ServesTheBrokerWebSocketUrl(string? brokerWs, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var state = TestState.Create();
        var http = FreePort.Pick();
        string[] args =
        [
            "run", "--source", "lavfi:testsrc2=size=160x120:rate=10", "--broker", $"mqtt://127.0.0.1:{FreePort.Pick().ToString(CultureInfo.InvariantCulture)}",
            "--ws-port", "0", "--http-port", http.ToString(CultureInfo.InvariantCulture), "--device-id", "ext-ws",
            .. brokerWs is null ? Array.Empty<string>() : ["--broker-ws", brokerWs],
        ];
        var start = state.FerEdge(args);
        start.Environment["FEREDGE__Mqtt__BindAddress"] = "127.0.0.1";
        using var run = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        run.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        run.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            using var client = state.Https(http, TimeSpan.FromSeconds(10));
            HttpResponseMessage? login = null;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (login is null)
            {
                Assert.False(run.HasExited, "fer-edge run exited: " + string.Join('\n', output));
                Assert.True(DateTime.UtcNow < deadline, "the dashboard port never answered: " + string.Join('\n', output));
                try
                {
                    login = await client.PostAsJsonAsync("/api/login", new { user = TestState.Caregiver, password = state.CaregiverPassword }, ct);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, ct);
                }
            }

            Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
            using var config = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/config", UriKind.Relative), ct));
            var mqtt = config.RootElement.GetProperty("mqtt");
            Assert.Equal(expected, mqtt.GetProperty("ws_url").GetString());
            Assert.Equal("ext-ws", config.RootElement.GetProperty("device").GetString());
            Assert.False(run.HasExited);
        }
        finally
        {
            run.Kill(entireProcessTree: true);
            run.WaitForExit(10_000);
        }

        Assert.DoesNotContain(output, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ExternalBrokerPlainWebSocketUrl_ExitTwoOneLine()
    {
        using var state = TestState.Create();
        using var run = Process.Start(state.FerEdge(
            ["run", "--source", "lavfi:testsrc2=size=64x48:rate=5", "--broker", "mqtt://127.0.0.1:1", "--broker-ws", "ws://127.0.0.1:9001/mqtt", "--http-port", "0"]))!;
        var err = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = run.StandardOutput.ReadToEnd();
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single((await err).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("wss://", line, StringComparison.Ordinal);
        Assert.Contains("--broker-ws", line, StringComparison.Ordinal);
    }
}
