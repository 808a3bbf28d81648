using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FerEdge.Host.Health;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// Liveness as a supervisor sees it: sd_notify datagrams on a Unix socket the test binds (as systemd would),
/// /healthz and /readyz over HTTPS on the dashboard port, and the retained status topic as a caregiver reads it.
/// Runs are bounded and killed at the end.
/// </summary>
public sealed class LivenessTests
{
    [Fact]
    public void SystemdNotifier_PathAndAbstractSockets_DatagramsArrive()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("notify"), "notify.sock");
        using var server = BindNotifySocket(path);
        using (var notifier = new SystemdNotifier(path, TimeSpan.FromSeconds(4)))
        {
            Assert.True(notifier.Notify("READY=1"));
            Assert.Equal("READY=1", Receive(server, TimeSpan.FromSeconds(5)));
        }

        var name = "feredge-test-" + Guid.NewGuid().ToString("N")[..8];
        using var abstractServer = BindNotifySocket("\0" + name);
        using var abstractNotifier = new SystemdNotifier("@" + name, null);
        Assert.True(abstractNotifier.Notify("WATCHDOG=1"));
        Assert.Equal("WATCHDOG=1", Receive(abstractServer, TimeSpan.FromSeconds(5)));

        using var nobody = new SystemdNotifier(Path.Combine(Path.GetDirectoryName(path)!, "absent.sock"), null);
        Assert.False(nobody.Notify("READY=1"));
    }

    [Fact]
    public async Task Run_UnderNotifySocket_ReadyWatchdogBeatsThatStopWhileFrozenAndHealthEndpoints()
    {
        using var state = TestState.Create();
        var dir = TestPaths.NewScratchFolder("run-notify");
        var path = Path.Combine(dir, "notify.sock");
        using var server = BindNotifySocket(path);
        var http = FreePort.Pick();
        using var run = StartFerEdge(
            state,
            ["run", "--source", "lavfi:testsrc2=size=320x240:rate=15", "--realtime", "--device-id", "notify", "--mqtt-port", "0", "--ws-port", "0", "--http-port", Port(http)],
            new() { ["NOTIFY_SOCKET"] = path, ["WATCHDOG_USEC"] = "2000000" });
        try
        {
            Assert.True(WaitFor(server, m => m.Contains("READY=1", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), "no READY=1");
            var beats = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                beats += Receive(server, TimeSpan.FromSeconds(1)) == "WATCHDOG=1" ? 1 : 0;
            }

            // A 2 s watchdog is fed every 0.5 s.
            Assert.InRange(beats, 3, 12);

            using var client = state.Https(http);
            using (var healthz = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken))
            {
                Assert.Equal(200, (int)healthz.StatusCode);
            }

            Assert.True(await EventuallyAsync(async () => (int)(await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode == 200, TimeSpan.FromSeconds(30)),
                "/readyz never became ready");
            var ready = JsonDocument.Parse(await client.GetStringAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
            Assert.True(ready.GetProperty("ready").GetBoolean());
            Assert.Equal("online", ready.GetProperty("state").GetString());
            Assert.True(ready.GetProperty("frames").GetInt64() > 0);

            // A frozen process feeds no watchdog (systemd then restarts it); resumed, it feeds it again.
            Signal("STOP", run.Id);
            Drain(server);
            Assert.Null(Receive(server, TimeSpan.FromSeconds(2.5)));
            Signal("CONT", run.Id);
            Assert.True(WaitFor(server, m => m == "WATCHDOG=1", TimeSpan.FromSeconds(5)), "no WATCHDOG=1 after SIGCONT");
        }
        finally
        {
            Signal("CONT", run.Id);
            run.Kill();
            run.WaitForExit(10_000);
        }
    }

    [Fact]
    public async Task Run_JsonlOnDevFull_StatusDegradedWithTheReasonOnMqttAndReadyz()
    {
        using var state = TestState.Create();
        var http = FreePort.Pick();
        var mqtt = FreePort.Pick();
        using var run = StartFerEdge(
            state,
            ["run", "--source", "lavfi:testsrc2=size=320x240:rate=15", "--realtime", "--jsonl", "/dev/full", "--device-id", "degraded",
                "--mqtt-port", Port(mqtt), "--ws-port", "0", "--http-port", Port(http)],
            []);
        try
        {
            var readyz = await ReadyzSayingAsync(state, http, "degraded", "/readyz never said degraded");
            Assert.Equal("JSON-lines output failing", readyz.GetProperty("reason").GetString());

            // The status topic follows within the health loop's one-second tick, once the device's publisher is logged in.
            Assert.True(await EventuallyAsync(() => Task.FromResult(RetainedStatus(state, mqtt, "degraded") is { State: "degraded" }), TimeSpan.FromSeconds(30)), "status never degraded");
            Assert.Equal("JSON-lines output failing", RetainedStatus(state, mqtt, "degraded")?.Reason);
        }
        finally
        {
            run.Kill();
            run.WaitForExit(10_000);
        }
    }

    [Fact]
    public async Task Run_StreamSenderKilledAndRestarted_DegradedCameraLostThenOnlineAgain()
    {
        using var state = TestState.Create();
        var stream = FreePort.Pick();
        var http = FreePort.Pick();
        var mqtt = FreePort.Pick();
        Process? sender = TestStreamSender.Start(stream);
        using var run = StartFerEdge(
            state,
            ["run", "--source", $"tcp://127.0.0.1:{Port(stream)}", "--device-id", "camera-loss", "--mqtt-port", Port(mqtt), "--ws-port", "0", "--http-port", Port(http)],
            []);
        try
        {
            using var client = state.Https(http);
            async Task<JsonElement> ReadyzAsync() =>
                JsonDocument.Parse(await client.GetStringAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;

            Assert.True(await EventuallyAsync(async () => (await ReadyzAsync()).GetProperty("ready").GetBoolean(), TimeSpan.FromSeconds(90)), "never ready");

            sender.Kill();
            sender.WaitForExit(5000);
            Assert.True(await EventuallyAsync(async () => (await ReadyzAsync()).GetProperty("state").GetString() == "degraded", TimeSpan.FromSeconds(20)), "not degraded after the sender died");
            Assert.StartsWith("camera lost: ", (await ReadyzAsync()).GetProperty("reason").GetString(), StringComparison.Ordinal);
            // The status topic follows within the health loop's one-second tick, once the device's publisher is logged in.
            Assert.True(await EventuallyAsync(() => Task.FromResult(RetainedStatus(state, mqtt, "camera-loss") is { State: "degraded" }), TimeSpan.FromSeconds(30)), "status never degraded");
            Assert.False(run.HasExited);

            sender.Dispose();
            sender = null;
            sender = TestStreamSender.Start(stream);
            Assert.True(
                await EventuallyAsync(async () => (await ReadyzAsync()) is var r && r.GetProperty("state").GetString() == "online" && r.GetProperty("last_frame_age_s").GetDouble() < 2, TimeSpan.FromSeconds(40)),
                "not online again after the sender came back");
            Assert.True(await EventuallyAsync(() => Task.FromResult(RetainedStatus(state, mqtt, "camera-loss") is { State: "online" }), TimeSpan.FromSeconds(30)));
        }
        finally
        {
            if (sender is { HasExited: false })
            {
                sender.Kill();
            }

            sender?.Dispose();
            run.Kill();
            run.WaitForExit(10_000);
        }
    }

    [Fact]
    public async Task Run_ExternalBrokerNeverReachable_ReadyzDegradedBrokerUnreachable()
    {
        using var state = TestState.Create();
        var http = FreePort.Pick();
        using var run = StartFerEdge(
            state,
            ["run", "--source", "lavfi:testsrc2=size=160x120:rate=10", "--broker", $"mqtt://127.0.0.1:{Port(FreePort.Pick())}", "--ws-port", "9001",
                "--http-port", Port(http), "--device-id", "no-broker"],
            new() { ["FEREDGE__Health__ReadyWithinSeconds"] = "2" });
        try
        {
            var readyz = await ReadyzSayingAsync(state, http, "MQTT broker unreachable", "/readyz never said the broker is unreachable");

            // Frames still flow to the other outputs: ready, but degraded.
            Assert.Equal("degraded", readyz.GetProperty("state").GetString());
            Assert.True(readyz.GetProperty("ready").GetBoolean());
        }
        finally
        {
            run.Kill();
            run.WaitForExit(10_000);
        }
    }

    /// <summary>The retained status as the caregiver reads it (TLS, logged in): its state and reason; null when none could be read within the wait.</summary>
    private static (string? State, string? Reason)? RetainedStatus(TestState state, int mqttPort, string device)
    {
        using var sub = Process.Start(new ProcessStartInfo("mosquitto_sub", ["-i", "status-" + Guid.NewGuid().ToString("N")[..8], .. state.CaregiverLogin(mqttPort), "-t", $"feredge/{device}/status", "-C", "1", "-W", "10"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var text = sub.StandardOutput.ReadToEnd();
        sub.WaitForExit(15_000);
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            return (root.GetProperty("state").GetString(), root.TryGetProperty("reason", out var r) ? r.GetString() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static Socket BindNotifySocket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    // Polls /readyz over HTTPS on the dashboard port for up to 90 s until its body contains needle; returns that body.
    private static async Task<JsonElement> ReadyzSayingAsync(TestState state, int http, string needle, string failure)
    {
        using var client = state.Https(http);
        string? body = null;
        Assert.True(
            await EventuallyAsync(
                async () =>
                {
                    body = await client.GetStringAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
                    return body.Contains(needle, StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(90)),
            $"{failure}: {body}");
        return JsonDocument.Parse(body!).RootElement;
    }

    /// <summary>The next datagram, or null when none comes within <paramref name="timeout"/>.</summary>
    private static string? Receive(Socket socket, TimeSpan timeout)
    {
        if (!socket.Poll(timeout, SelectMode.SelectRead))
        {
            return null;
        }

        var buffer = new byte[4096];
        var n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static void Drain(Socket socket)
    {
        while (Receive(socket, TimeSpan.FromMilliseconds(300)) is not null)
        {
        }
    }

    private static bool WaitFor(Socket socket, Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Receive(socket, timeout - clock.Elapsed) is { } message && match(message))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit(5000);
    }

    private static Process StartFerEdge(TestState state, string[] args, Dictionary<string, string> environment)
    {
        var psi = state.FerEdge(args);
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }
}
