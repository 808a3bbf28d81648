using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>fer-edge run</c> on a live 20 frames/s source with the embedded broker and a caregiver subscribed over TLS, for a minute
/// (<c>FEREDGE_CHAOS_SECONDS</c> for longer) while the test freezes and resumes the process, floods the broker with
/// malformed, one-byte and half-open connections, and the JSON-lines file sits on a 32 KB tmpfs that fills up. Then
/// the accounting must hold: frames processed + dropped = frames read, every MQTT message queued was published or
/// counted as dropped and every one published reached the subscriber, and the JSON-lines file holds only whole lines.
/// A second run publishes to mosquitto, killed and restarted every few seconds. Loopback only; every step bounded.
/// </summary>
public sealed partial class ChaosTests
{
    [Fact]
    public async Task Run_FreezesFloodsAndAFullDisk_NothingLostUncounted()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FEREDGE_CHAOS_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 60;
        using var state = TestState.Create();
        var dir = TestPaths.NewScratchFolder("chaos");
        var disk = Path.Combine(dir, "disk");
        Directory.CreateDirectory(disk);
        var jsonl = Path.Combine(disk, "out.jsonl");
        var mqtt = FreePort.Pick();
        var http = FreePort.Pick();
        var dll = Path.Combine(AppContext.BaseDirectory, "fer-edge.dll");

        // A private mount namespace with a small tmpfs: the disk fills for fer-edge only, and goes with it.
        var script = $"mount -t tmpfs -o size=32k chaos '{disk}' && exec dotnet '{dll}' run --source lavfi:testsrc2=size=320x240:rate=20 " +
            $"--jsonl '{jsonl}' --device-id chaos --mqtt-port {mqtt} --ws-port 0 --http-port {http}";
        var psi = new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["FEREDGE_ROOT"] = TestPaths.Root;
        state.ApplyTo(psi);
        var sinceLaunch = Stopwatch.StartNew();
        using var run = Process.Start(psi)!;
        var log = new OutputLog(run);
        Process? subscriber = null;
        var received = new List<string>();
        long sentBeforeSubscription;
        try
        {
            Assert.True(WaitUntil(() => FreePort.Accepts(mqtt), TimeSpan.FromSeconds(90)), "the broker never listened");
            subscriber = Process.Start(new ProcessStartInfo("mosquitto_sub", ["-i", "chaos-sub", .. state.CaregiverLogin(mqtt), "-t", "feredge/chaos/#", "-F", "%r %t", "-k", "300"])
            {
                RedirectStandardOutput = true,
            })!;
            subscriber.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (received)
                    {
                        received.Add(line);
                    }
                }
            };
            subscriber.BeginOutputReadLine();
            sentBeforeSubscription = await SentBeforeSubscriptionAsync(state, http, received, sinceLaunch);
            TestContext.Current.TestOutputHelper?.WriteLine($"at most {sentBeforeSubscription} messages queued before the subscriber's subscription");

            var clock = Stopwatch.StartNew();
            var held = new List<Socket>();
            var round = 0;
            var sawDegraded = false;
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                round++;
                await FloodAsync(mqtt, held);
                if (round % 4 == 0)
                {
                    Signal("STOP", run.Id);
                    await Task.Delay(1500, TestContext.Current.CancellationToken);
                    Signal("CONT", run.Id);
                }

                sawDegraded |= await ReadyzSaysAsync(state, http, "JSON-lines output failing");
                await Task.Delay(1000, TestContext.Current.CancellationToken);
            }

            held.ForEach(h => h.Dispose());
            Assert.False(run.HasExited, "fer-edge ended during the chaos");
            Assert.True(sawDegraded, "the full disk never showed as degraded");

            // The file on the full disk holds whole lines only (read inside fer-edge's mount namespace).
            using (var cat = Process.Start(new ProcessStartInfo("nsenter", ["-t", run.Id.ToString(CultureInfo.InvariantCulture), "-m", "cat", jsonl]) { RedirectStandardOutput = true })!)
            {
                var text = await cat.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
                Assert.True(text.Length > 10_000, $"only {text.Length} bytes of JSON lines");
                Assert.EndsWith("\n", text, StringComparison.Ordinal);
                Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonDocument.Parse(l).Dispose());
            }

            Signal("TERM", run.Id);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)), "fer-edge did not stop on SIGTERM");
            run.WaitForExit();
            Assert.Equal(0, run.ExitCode);
        }
        finally
        {
            if (!run.HasExited)
            {
                Signal("CONT", run.Id);
                run.Kill();
            }

            if (subscriber is not null)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
                if (!subscriber.HasExited)
                {
                    subscriber.Kill();
                }

                subscriber.WaitForExit(5000);
                subscriber.Dispose();
            }
        }

        var all = log.All();

        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        var frames = FinishedPattern().Match(all);
        Assert.True(frames.Success, "no final frame counts in the log");
        var processed = long.Parse(frames.Groups[1].Value, CultureInfo.InvariantCulture);
        var dropped = long.Parse(frames.Groups[2].Value, CultureInfo.InvariantCulture);
        var read = long.Parse(frames.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.Equal(read, processed + dropped);
        Assert.True(processed > seconds * 5, $"only {processed} frames processed");

        var mqttCounts = MqttPattern().Match(all);
        Assert.True(mqttCounts.Success, "no MQTT summary in the log");
        var enqueued = long.Parse(mqttCounts.Groups[1].Value, CultureInfo.InvariantCulture);
        var published = long.Parse(mqttCounts.Groups[2].Value, CultureInfo.InvariantCulture);
        var mqttDropped = long.Parse(mqttCounts.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.Equal(enqueued, published + mqttDropped);

        // Live deliveries (not retained replays): every published message, plus the statuses the publisher sends
        // outside its queue (online on connect, offline at shutdown).
        int delivered;
        lock (received)
        {
            delivered = received.Count(l => l.StartsWith("0 ", StringComparison.Ordinal));
        }

        Assert.InRange(delivered, published - sentBeforeSubscription, published + 2);
        Assert.Matches("JSON-lines file .* cannot be written", all);
    }

    [Fact]
    public async Task Run_ExternalBrokerKilledAndRestarted_FramesAndMessagesAllAccountedFor()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FEREDGE_CHAOS_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s / 2 : 30;
        using var state = TestState.Create();
        var mqtt = FreePort.Pick();
        var port = mqtt.ToString(CultureInfo.InvariantCulture);
        Process StartBroker() => Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-p", port]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var broker = StartBroker();
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fer-edge.dll"), "run", "--source", "lavfi:testsrc2=size=320x240:rate=20",
            "--broker", "mqtt://127.0.0.1:" + port, "--ws-port", "9001", "--http-port", "0", "--device-id", "chaos-ext"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["FEREDGE_ROOT"] = TestPaths.Root;
        state.ApplyTo(psi);
        using var run = Process.Start(psi)!;
        var log = new OutputLog(run);
        try
        {
            Assert.True(WaitUntil(() => log.Contains("MQTT connected"), TimeSpan.FromSeconds(90)), "never connected");
            var clock = Stopwatch.StartNew();
            var round = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                round++;
                broker.Kill();
                broker.WaitForExit(5000);
                broker.Dispose();
                if (round % 2 == 0)
                {
                    Signal("STOP", run.Id);
                    await Task.Delay(1000, TestContext.Current.CancellationToken);
                    Signal("CONT", run.Id);
                }

                await Task.Delay(2000, TestContext.Current.CancellationToken);
                broker = StartBroker();
                await Task.Delay(4000, TestContext.Current.CancellationToken);
            }

            Assert.False(run.HasExited, "fer-edge ended while the broker came and went");
            Signal("TERM", run.Id);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)), "fer-edge did not stop on SIGTERM");
            run.WaitForExit();
            Assert.Equal(0, run.ExitCode);
        }
        finally
        {
            if (!run.HasExited)
            {
                Signal("CONT", run.Id);
                run.Kill();
            }

            broker.Kill();
            broker.WaitForExit(5000);
            broker.Dispose();
        }

        var all = log.All();

        var frames = FinishedPattern().Match(all);
        Assert.True(frames.Success, "no final frame counts in the log");
        Assert.Equal(long.Parse(frames.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(frames.Groups[1].Value, CultureInfo.InvariantCulture) + long.Parse(frames.Groups[2].Value, CultureInfo.InvariantCulture));
        var mqttCounts = MqttPattern().Match(all);
        Assert.True(mqttCounts.Success, "no MQTT summary in the log");
        Assert.Equal(
            long.Parse(mqttCounts.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(mqttCounts.Groups[2].Value, CultureInfo.InvariantCulture) + long.Parse(mqttCounts.Groups[3].Value, CultureInfo.InvariantCulture));
        var connects = ConnectsPattern().Match(all);
        Assert.True(connects.Success && int.Parse(connects.Groups[1].Value, CultureInfo.InvariantCulture) >= 2, "the publisher never reconnected");
    }

    private static async Task FloodAsync(int port, List<Socket> held)
    {
        for (var i = 0; i < 20; i++)
        {
            using var bad = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await bad.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), TestContext.Current.CancellationToken);
            byte[] garbage = i % 2 == 0 ? [0x10] : [0x10, 0x06, 0x00, 0x04, 0xFF, 0xFE, 0xFD, 0xFC];
            await bad.SendAsync(garbage, SocketFlags.None, TestContext.Current.CancellationToken);
        }

        if (held.Count < 40)
        {
            var half = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await half.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), TestContext.Current.CancellationToken);
            await half.SendAsync(new byte[] { 0x10, 0x20 }, SocketFlags.None, TestContext.Current.CancellationToken);
            held.Add(half);
        }
    }

    /// <summary>
    /// Waits until the subscriber has printed its first line (the retained status, or a live one: its subscription is
    /// in place), then bounds how many messages the device can have queued before that from <c>/readyz</c>'s frame
    /// count read afterwards: at most an emotion and an explanation per frame, and a metrics message per elapsed
    /// interval (5 s, counted from before the launch). Zero when no frame was processed within the first interval, which is
    /// the usual case: then every message published must reach the subscriber.
    /// </summary>
    private static async Task<long> SentBeforeSubscriptionAsync(TestState state, int http, List<string> received, Stopwatch sinceLaunch)
    {
        Assert.True(WaitUntil(() => { lock (received) { return received.Count > 0; } }, TimeSpan.FromSeconds(60)), "the subscriber never received the status");
        var elapsed = sinceLaunch.Elapsed;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = state.Https(http, TimeSpan.FromSeconds(5));
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                var frames = body.RootElement.GetProperty("frames").GetInt64();
                return (2 * frames) + (long)(elapsed.TotalSeconds / 5);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }

        throw new InvalidOperationException("/readyz never answered");
    }

    private static async Task<bool> ReadyzSaysAsync(TestState state, int port, string fragment)
    {
        try
        {
            using var client = state.Https(port, TimeSpan.FromSeconds(5));
            var body = await client.GetStringAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            return body.Contains(fragment, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(200);
        }

        return false;
    }

    // Every line a child process writes on either stream, kept in order of arrival.
    private sealed class OutputLog
    {
        private readonly List<string> _lines = [];

        public OutputLog(Process process)
        {
            process.OutputDataReceived += Collect;
            process.ErrorDataReceived += Collect;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public bool Contains(string text)
        {
            lock (_lines)
            {
                return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
            }
        }

        public string All()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }

        private void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit(5000);
    }

    [GeneratedRegex(@"Processed (\d+) frames at [\d.]+ fps; dropped (\d+); read (\d+);")]
    private static partial Regex FinishedPattern();

    [GeneratedRegex(@"MQTT: (\d+) messages queued, (\d+) published, (\d+) dropped")]
    private static partial Regex MqttPattern();

    [GeneratedRegex(@"left; (\d+) connects")]
    private static partial Regex ConnectsPattern();
}
