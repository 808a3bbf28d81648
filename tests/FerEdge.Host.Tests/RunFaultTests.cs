using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>fer-edge run</c> as a process against bad input and failing output, as a user would meet them: corrupt and
/// oversize images, a full disk, a truncated video, SIGKILL. Each run is bounded by --max-frames or a kill.
/// </summary>
public sealed class RunFaultTests : IDisposable
{
    private static readonly string[] FreePorts = ["--mqtt-port", "0", "--ws-port", "0", "--http-port", "0"];

    // One per test (xunit makes an instance per test), so no run touches the state home of the account.
    private readonly TestState _state = TestState.Create();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Run_FolderWithCorruptAndHugeImages_EachSkippedWithOneLogLineAndTheFolderEnds()
    {
        var dir = TestPaths.NewScratchFolder("run-bad-folder");
        var images = Path.Combine(dir, "images");
        Directory.CreateDirectory(images);
        var faces = Directory.EnumerateFiles(TestPaths.Data("ckplus48", "happy"), "*.png").Order(StringComparer.Ordinal).Take(3).ToList();
        File.Copy(faces[0], Path.Combine(images, "a.png"));
        File.WriteAllBytes(Path.Combine(images, "b.png"), Encoding.ASCII.GetBytes("this is no image"));
        File.WriteAllBytes(Path.Combine(images, "c.png"), HugePng());
        File.Copy(faces[1], Path.Combine(images, "d.png"));
        File.Copy(faces[2], Path.Combine(images, "e.png"));
        var jsonl = Path.Combine(dir, "out.jsonl");

        var (code, output) = RunFerEdge(["run", "--source", images, "--fast", "--jsonl", jsonl, "--device-id", "bad-folder", .. FreePorts]);

        Assert.Equal(0, code);
        Assert.Equal([0, 3, 4], File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("frame").GetInt32()));
        var skipped = Lines(output, "could not be read");
        Assert.InRange(skipped.Count, 1, 2);
        Assert.Contains("2 unreadable item(s) skipped in all", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SingleImageClaiming60000Squared_RefusedWithoutCrashing()
    {
        var dir = TestPaths.NewScratchFolder("run-huge-png");
        var png = Path.Combine(dir, "huge.png");
        File.WriteAllBytes(png, HugePng());

        var (code, output) = RunFerEdge(["run", "--source", png, "--fast", "--device-id", "huge", .. FreePorts]);

        Assert.Equal(0, code);
        Assert.Contains("60000x60000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenCVException", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_JsonlOnDevFull_RunEndsNormallyAndTheFailureIsLoggedOnceAndCounted()
    {
        var (code, output) = RunFerEdge(["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--fast", "--jsonl", "/dev/full",
            "--device-id", "dev-full", .. FreePorts]);

        Assert.Equal(0, code);
        var failures = Lines(output, "cannot be written");
        Assert.InRange(failures.Count, 1, 2);
        Assert.Contains("No space left on device", failures[0], StringComparison.Ordinal);
        Assert.Contains("0 lines written, 72 lost", output, StringComparison.Ordinal);
        Assert.Contains("72 frames", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TruncatedVideo_EndsWithAWarning()
    {
        var dir = TestPaths.NewScratchFolder("run-truncated");
        var (_, cut) = TruncatedClip.Write(dir);

        var (code, output) = RunFerEdge(["run", "--source", cut, "--fast", "--device-id", "truncated", .. FreePorts]);

        Assert.Equal(0, code);
        var warning = Assert.Single(Lines(output, "truncated or damaged"));
        Assert.Contains("cut.mp4", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SigKillTwiceThenRestart_JsonLinesAppendedWholeWithNoHalfLine()
    {
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("run-sigkill"), "out.jsonl");
        var linesBefore = 0;
        for (var round = 0; round < 2; round++)
        {
            using var run = StartFerEdge(["run", "--source", "lavfi:testsrc2=size=320x240:rate=30", "--realtime", "--jsonl", jsonl,
                "--device-id", "sigkill", .. FreePorts]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (LineCount(jsonl) < linesBefore + 30 && DateTime.UtcNow < deadline && !run.HasExited)
            {
                Thread.Sleep(100);
            }

            Assert.False(run.HasExited, "fer-edge run ended by itself");
            Assert.True(LineCount(jsonl) >= linesBefore + 30, "no lines reached the file within the flush interval");

            // SIGKILL at an arbitrary point between flushes.
            Thread.Sleep(Random.Shared.Next(100, 1000));
            run.Kill();
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(10)));
            var text = File.ReadAllText(jsonl);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
            Assert.True(lines.Length > linesBefore, "the restart truncated the file instead of appending");
            linesBefore = lines.Length;
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("text")]
    [InlineData("random")]
    public async Task Run_UnusableVideoFile_OneLineNamingItExitOne(string kind)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("run-bad-video-" + kind), "clip.mp4");
        switch (kind)
        {
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "text":
                File.WriteAllText(path, "this is not a video\n");
                break;
            case "random":
                var bytes = new byte[100_000];
                new Random(15).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
        }

        using var p = Process.Start(FerEdge(["run", "--source", path, "--fast", "--device-id", "bad-video", .. FreePorts]))!;
        var err = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, p.ExitCode);
        var line = Assert.Single((await err).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fer-edge: ", line, StringComparison.Ordinal);
        Assert.Contains(path, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Sigterm_RetainedStatusOfflineAndExitZero()
    {
        // An external broker, so the retained status can be read after fer-edge has gone.
        var mqtt = FreePort.Pick();
        var port = mqtt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var broker = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-p", port]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        using var run = StartFerEdge(["run", "--source", "lavfi:testsrc2=size=320x240:rate=15", "--device-id", "sigterm",
            "--broker", "mqtt://127.0.0.1:" + port, "--ws-port", "9001", "--http-port", "0"]);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (RetainedState(port) != "online")
            {
                Assert.True(DateTime.UtcNow < deadline && !run.HasExited, "never online");
                Thread.Sleep(200);
            }

            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!)
            {
                term.WaitForExit(5000);
            }

            // Bounded, not timed: it stops by itself well within the service's stop timeout.
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(15)), "no exit after SIGTERM");
            run.WaitForExit();
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("offline", RetainedState(port));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill();
            }

            broker.Kill();
            broker.WaitForExit(5000);
        }
    }

    /// <summary>The retained status's state on a broker that may have stopped; null when it cannot be read.</summary>
    private static string? RetainedState(string port)
    {
        using var sub = Process.Start(new ProcessStartInfo("mosquitto_sub", ["-i", "state-" + Guid.NewGuid().ToString("N")[..8], "-h", "127.0.0.1", "-p", port, "-t", "feredge/sigterm/status", "-C", "1", "-W", "3"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var text = sub.StandardOutput.ReadToEnd();
        sub.WaitForExit(10_000);
        try
        {
            return text.Length > 0 ? JsonDocument.Parse(text).RootElement.GetProperty("state").GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A PNG signature and header claiming 60000 x 60000 RGB pixels, and no image data.</summary>
    private static byte[] HugePng()
    {
        var bytes = new byte[8 + 25 + 12];
        Capture.ImageHeader.PngSignature.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 60000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 60000);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    private static int LineCount(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            count += b == '\n' ? 1 : 0;
        }

        return count;
    }

    private static List<string> Lines(string output, string fragment) =>
        [.. output.Split('\n').Where(l => l.Contains(fragment, StringComparison.Ordinal))];

    private ProcessStartInfo FerEdge(string[] args) => _state.FerEdge(args);

    private Process StartFerEdge(string[] args)
    {
        var p = Process.Start(FerEdge(args))!;
        p.ErrorDataReceived += (_, _) => { };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    /// <summary>Runs to the end (at most 120 s); the exit code and standard output and error together.</summary>
    private (int Code, string Output) RunFerEdge(string[] args)
    {
        using var p = Process.Start(FerEdge(args))!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill();
            Assert.Fail("fer-edge run did not end within 120 s");
        }

        return (p.ExitCode, output + err.Result);
    }
}
