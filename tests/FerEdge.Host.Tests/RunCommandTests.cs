using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>The main job end to end: the shipped models on a shared video, the embedded broker and mosquitto_sub.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public void Run_SingleFaceFast_NeutralAtStartHappyOnceTheSmileHolds()
    {
        using var state = TestState.Create();
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("run-fast"), "out.jsonl");
        var code = Program.Main(["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--fast", "--jsonl", jsonl,
            "--mqtt-port", "0", "--ws-port", "0", "--http-port", "0", "--device-id", "test-fast", "--config", state.ConfigFile()]);
        Assert.Equal(0, code);
        var rows = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(72, rows.Count);
        Assert.Equal(Enumerable.Range(0, 72), rows.Select(r => r.GetProperty("frame").GetInt32()));
        // Neutral for about 0-0.55 s, then smiling: neutral at the start, happy held through the smile.
        Assert.All(rows.Where(r => r.GetProperty("t").GetDouble() < 0.4), r => Assert.Equal("neutral", r.GetProperty("emotion").GetString()));
        var smiling = rows.Where(r => r.GetProperty("t").GetDouble() is > 1.0 and < 2.2).ToList();
        Assert.All(smiling, r => Assert.Equal("happy", r.GetProperty("emotion").GetString()));
        Assert.All(rows, r => Assert.Equal(7, r.GetProperty("scores").EnumerateObject().Count()));
    }

    [Fact]
    public async Task Run_EmbeddedBroker_MosquittoSubReceivesTheSamePayloadsAsTheJsonLines()
    {
        using var state = TestState.Create();
        var dir = TestPaths.NewScratchFolder("run-mqtt");
        var jsonl = Path.Combine(dir, "out.jsonl");
        var port = FreePort.Pick();
        // Twice the clip, so that a loaded machine still processes enough frames in real time, after its first frame
        // held for a second: the device's and the subscriber's logins (key derivations on the broker) share the CPU
        // with the models' first frames, which real time then drops, and the neutral start must still reach the file.
        var video = Path.Combine(dir, "twice.mp4");
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-v", "error", "-stream_loop", "1", "-i", TestPaths.Data("videos", "single_face.mp4"), "-vf", "tpad=start_duration=1:start_mode=clone", "-an",
                "-c:v", "libx264", "-crf", "12", "-preset", "veryfast", video]))!)
        {
            Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(30)) && ffmpeg.ExitCode == 0, "ffmpeg could not loop the clip");
        }

        using var run = StartFerEdge(state, ["run", "--source", video, "--realtime", "--jsonl", jsonl,
            "--mqtt-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ws-port", "0", "--http-port", "0", "--device-id", "test-sub"]);
        WaitForPort(port, TimeSpan.FromSeconds(60));
        // A caregiver's subscription over TLS, trusting the device CA.
        var sub = Process.Start(new ProcessStartInfo("mosquitto_sub", ["-i", "run-test-sub", .. state.CaregiverLogin(port), "-t", "feredge/test-sub/#", "-v", "-W", "30"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var received = new List<string>();
        var reader = Task.Run(
            () =>
            {
                while (sub.StandardOutput.ReadLine() is { } line)
                {
                    lock (received)
                    {
                        received.Add(line);
                    }
                }
            },
            TestContext.Current.CancellationToken);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "fer-edge run did not finish");
        Assert.Equal(0, run.ExitCode);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        sub.Kill();
        await reader.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        sub.Dispose();

        var lines = File.ReadAllLines(jsonl).ToHashSet(StringComparer.Ordinal);
        var emotions = received.Where(l => l.StartsWith("feredge/test-sub/emotion ", StringComparison.Ordinal))
            .Select(l => l["feredge/test-sub/emotion ".Length..]).ToList();
        Assert.True(emotions.Count >= 10, $"only {emotions.Count} emotion messages received");
        Assert.All(emotions, e => Assert.Contains(e, lines));
        Assert.Contains(received, l => l.StartsWith("feredge/test-sub/explanation ", StringComparison.Ordinal) && l.Contains("\"reason\"", StringComparison.Ordinal));
        Assert.Contains(received, l => l.StartsWith("feredge/test-sub/status ", StringComparison.Ordinal) && l.Contains("\"online\"", StringComparison.Ordinal));
        // The file holds every frame processed (the subscriber may join after the first second): neutral first, then the smile.
        var fileLabels = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("emotion", out _)).Select(e => e.GetProperty("emotion").GetString()).ToList();
        Assert.Equal("neutral", fileLabels[0]);
        Assert.Equal("happy", fileLabels[^1]);
        var labels = emotions.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("emotion").GetString()).ToList();
        Assert.Contains("happy", labels);
    }

    [Theory]
    [InlineData("--fast", "--realtime")]
    [InlineData("--mqtt-port", "70000")]
    [InlineData("--broker", "http://x")]
    [InlineData("--max-frames", "0")]
    public void Run_BadOptions_ExitTwo(params string[] args)
    {
        using var state = TestState.Empty();
        Assert.Equal(2, Program.Main(["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--config", state.ConfigFile(), .. args]));
    }

    [Fact]
    public void Run_BadConfigValue_ExitsTwoNamingTheKey()
    {
        using var state = TestState.Create();
        var config = Path.Combine(TestPaths.NewScratchFolder("run-config"), "bad.json");
        File.WriteAllText(config, """{ "Decision": { "SmoothingSeconds": 30 } }""");
        var (code, err) = RunChild(state, ["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--config", config]);
        Assert.Equal(2, code);
        Assert.Contains("Decision:SmoothingSeconds", err, StringComparison.Ordinal);
        var unknown = Path.Combine(Path.GetDirectoryName(config)!, "unknown.json");
        File.WriteAllText(unknown, """{ "Mqtt": { "Prot": 1 } }""");
        (code, err) = RunChild(state, ["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--config", unknown]);
        Assert.Equal(2, code);
        Assert.Contains("Prot", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MqttPortTaken_ExitsWithOneLineNamingThePort()
    {
        using var state = TestState.Create();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (code, err) = RunChild(state, ["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--fast", "--max-frames", "5",
            "--broker", "embedded", "--mqtt-port", $"{port}", "--ws-port", "0", "--http-port", "0"]);

        Assert.NotEqual(0, code);
        Assert.Contains($"MQTT port {port}", err, StringComparison.Ordinal);
        Assert.Contains("address already in use", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal); // no stack trace before or after the message
    }

    [Fact]
    public void Run_CacheFolder_FirstStartWritesTheLandmarkSnapshotLaterStartsReadIt()
    {
        using var state = TestState.Create();
        var dir = TestPaths.NewScratchFolder("run-cache");
        var cache = Path.Combine(dir, "cache");
        string[] args = ["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--fast", "--max-frames", "3",
            "--mqtt-port", "0", "--ws-port", "0", "--http-port", "0", "--device-id", "test-cache"];

        var first = RunChildWithCache(state, args, cache);
        Assert.True(first.Code == 0, first.Output);
        var snapshot = Assert.Single(Directory.GetFiles(cache));
        Assert.Contains($"Landmark model snapshot written to {snapshot}", first.Output, StringComparison.Ordinal);

        var second = RunChildWithCache(state, args, cache);
        Assert.True(second.Code == 0, second.Output);
        Assert.DoesNotContain("Landmark model snapshot", second.Output, StringComparison.Ordinal);
        Assert.Equal(snapshot, Assert.Single(Directory.GetFiles(cache)));

        // A cache folder that cannot be made costs the time only, and says so.
        var file = Path.Combine(dir, "a-file");
        File.WriteAllText(file, "not a folder\n");
        var unwritable = RunChildWithCache(state, args, Path.Combine(file, "cache"));
        Assert.True(unwritable.Code == 0, unwritable.Output);
        Assert.Contains("Landmark model snapshot not written to", unwritable.Output, StringComparison.Ordinal);
        Assert.Contains("Models:CacheDirectory", unwritable.Output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) RunChildWithCache(TestState state, string[] args, string cache)
    {
        var start = state.FerEdge(args);
        start.Environment["FEREDGE__Models__CacheDirectory"] = cache;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)));
        return (p.ExitCode, output + err.Result);
    }

    private static Process StartFerEdge(TestState state, string[] args)
    {
        var p = Process.Start(state.FerEdge(args))!;
        p.ErrorDataReceived += (_, _) => { };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    private static (int Code, string Error) RunChild(TestState state, string[] args)
    {
        using var p = Process.Start(state.FerEdge(args))!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)));
        return (p.ExitCode, err.Result);
    }

    private static void WaitForPort(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        Assert.Fail($"nothing listened on port {port} within {timeout}");
    }
}
