using System.Text;
using FerEdge.Capture;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Output;
using FerEdge.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;

namespace FerEdge.Pipeline.Tests;

/// <summary>Sinks and sources that fail on real files: the run goes on and every loss is counted.</summary>
public sealed class SinkFaultTests
{
    // The JSON-lines sink writes the emotion payload only; it never reads the outcome.
    private static readonly FrameOutcome NoOutcome = null!;

    [Fact]
    public async Task JsonLines_DevFull_FailureCountedAndNothingThrows()
    {
        var sink = new JsonLinesSink(new JsonLinesOptions { Path = "/dev/full" }, TimeProvider.System, NullLogger.Instance);
        for (var i = 0; i < 10; i++)
        {
            sink.Publish(NoOutcome, Line(i), default);
        }

        sink.Flush();
        Assert.True(sink.IsFailing);
        Assert.Equal(10, sink.LinesLost);
        Assert.Equal(0, sink.LinesWritten);
        Assert.True(sink.Failures >= 1);
        sink.Publish(NoOutcome, Line(10), default);
        await sink.DisposeAsync();
        Assert.Equal(11, sink.LinesLost);
    }

    [Fact]
    public async Task JsonLines_PathIsAFolder_FailureCountedRetriedAndNothingThrows()
    {
        var path = TestPaths.NewScratchFolder("jsonl-folder");
        var clock = new SteppedClock();
        var sink = new JsonLinesSink(new JsonLinesOptions { Path = path, RetryMinDelay = TimeSpan.FromMilliseconds(1) }, clock, NullLogger.Instance);
        Assert.True(sink.IsFailing);
        sink.Publish(NoOutcome, Line(0), default);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        sink.Flush();
        Assert.True(sink.Failures >= 2, "the open was not retried");
        await sink.DisposeAsync();
        Assert.Equal(1, sink.LinesLost);
    }

    [Fact]
    public async Task JsonLines_FileRemovedWhileOpen_CreatedAgainWithTheNextLines()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("jsonl-removed"), "out.jsonl");
        var sink = new JsonLinesSink(new JsonLinesOptions { Path = path }, TimeProvider.System, NullLogger.Instance);
        sink.Publish(NoOutcome, Line(0), default);
        sink.Flush();
        File.Delete(path);
        sink.Publish(NoOutcome, Line(1), default);
        sink.Flush();
        await sink.DisposeAsync();

        Assert.Equal([Text(1)], File.ReadAllLines(path));
        Assert.Equal(2, sink.LinesWritten);
    }

    [Fact]
    public async Task JsonLines_Restart_AppendsAndCutsAPartialLastLine()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("jsonl-append"), "out.jsonl");
        File.WriteAllText(path, Text(0) + "\n" + "{\"schema\":1,\"fra");

        var sink = new JsonLinesSink(new JsonLinesOptions { Path = path }, TimeProvider.System, NullLogger.Instance);
        sink.Publish(NoOutcome, Line(1), default);
        await sink.DisposeAsync();

        Assert.Equal(Text(0) + "\n" + Text(1) + "\n", File.ReadAllText(path));

        var truncating = new JsonLinesSink(new JsonLinesOptions { Path = path, Append = false }, TimeProvider.System, NullLogger.Instance);
        truncating.Publish(NoOutcome, Line(2), default);
        await truncating.DisposeAsync();
        Assert.Equal([Text(2)], File.ReadAllLines(path));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task JsonLines_RotateBytes_NoFileOverTheLimitAndTheNewestKept()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("jsonl-rotate"), "out.jsonl");
        var sink = new JsonLinesSink(new JsonLinesOptions { Path = path, RotateBytes = 100, Keep = 2 }, TimeProvider.System, NullLogger.Instance);
        for (var i = 0; i < 20; i++)
        {
            sink.Publish(NoOutcome, Line(i), default);
            sink.Flush();
        }

        await sink.DisposeAsync();
        string[] files = [path, path + ".1", path + ".2"];
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 100));
        Assert.False(File.Exists(path + ".3"));

        // A person's emotional state: every file, the rotated ones too, readable by this account only.
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        var kept = files.Reverse().SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(Enumerable.Range(20 - kept.Count, kept.Count).Select(Text), kept);
    }

    [Fact]
    public async Task Run_ThrowingSinkAndCorruptImage_RunEndsNormallyOtherSinkGetsEveryFrame()
    {
        var dir = TestPaths.NewScratchFolder("fault-run");
        var images = Path.Combine(dir, "images");
        Directory.CreateDirectory(images);
        for (var i = 0; i < 6; i++)
        {
            var path = Path.Combine(images, $"f{i}.png");
            if (i == 2)
            {
                File.WriteAllBytes(path, Encoding.ASCII.GetBytes("not a png"));
                continue;
            }

            using var mat = new Mat(48, 64, MatType.CV_8UC1, new Scalar(40 * i));
            Cv2.ImWrite(path, mat);
        }

        var jsonl = Path.Combine(dir, "out.jsonl");
        using var source = FrameSources.Open(images, CaptureBackend.OpenCv);
        var sink = new JsonLinesSink(jsonl);
        PipelineCounters counters;
        using (var run = new VirtualRun(source, new PipelineOptions { Fast = true, DeviceId = "test" }, sinks: [new ThrowingSink(), sink]))
        {
            await run.Start(TestContext.Current.CancellationToken);
            counters = run.Counters;
        }

        await sink.DisposeAsync();
        Assert.Equal(5, counters.FramesRead);
        Assert.Equal(5, counters.FramesProcessed);
        Assert.Equal(1, counters.SourceErrors);
        Assert.Equal(5, counters.SinkErrors);
        Assert.Equal(5, File.ReadAllLines(jsonl).Length);

        // The metrics topic carries the same counts.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Core.Contract.MetricsPayload.Write(buffer, "test", counters.ToMetrics(TimeSpan.FromSeconds(1), 0, 0) with { JsonLinesLost = sink.LinesLost });
        var metrics = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        Assert.Equal(5, metrics.GetProperty("frames_read").GetInt64());
        Assert.Equal(1, metrics.GetProperty("source_errors").GetInt64());
        Assert.Equal(5, metrics.GetProperty("sink_errors").GetInt64());
        Assert.Equal(0, metrics.GetProperty("jsonl_lost").GetInt64());
    }

    private static string Text(int i) => $"{{\"schema\":1,\"frame\":{i}}}";

    private static ReadOnlyMemory<byte> Line(int i) => Encoding.UTF8.GetBytes(Text(i));

    private sealed class ThrowingSink : IOutcomeSink
    {
        public void Publish(FrameOutcome outcome, ReadOnlyMemory<byte> emotionJson, ReadOnlyMemory<byte> explanationJson) =>
            throw new IOException("No space left on device");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
