using System.Text.Json;
using FerEdge.Capture;
using FerEdge.Pipeline.Output;
using FerEdge.Testing;

namespace FerEdge.Pipeline.Tests;

/// <summary>Whole runs over the shared videos, in virtual time (one scheduler drives capture and every stage).</summary>
public sealed class PipelineRunTests
{
    [Fact]
    public async Task RunAsync_FastOnSingleFaceVideo_EveryFrameOnceWithContractFields()
    {
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("pipeline-fast"), "out.jsonl");
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        var sink = new JsonLinesSink(jsonl);
        PipelineCounters counters;
        using (var run = new VirtualRun(source, new PipelineOptions { Fast = true, DeviceId = "test" }, sinks: [sink]))
        {
            await run.Start(TestContext.Current.CancellationToken);
            counters = run.Counters;
            Assert.Equal(run.Pipeline.Pool.Rents, run.Pipeline.Pool.Returns);
            Assert.Equal(0, run.Pipeline.Pool.InUse);
            Assert.Equal(TimeSpan.Zero, run.Capture.Now - DateTimeOffset.MinValue);
        }

        await sink.DisposeAsync();
        Assert.Equal(72, counters.FramesRead);
        Assert.Equal(72, counters.FramesProcessed);
        Assert.Equal(0, counters.Dropped);
        Assert.True(counters.Tracked.Count > counters.Keyframes.Count, "tracking should carry most frames");

        var lines = File.ReadAllLines(jsonl);
        Assert.Equal(72, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var root = doc.RootElement;
            Assert.Equal(i, root.GetProperty("frame").GetInt64());
            Assert.True(root.GetProperty("t").GetDouble() >= 0);
            var face = root.GetProperty("face");
            Assert.Equal(JsonValueKind.Object, face.ValueKind);
            Assert.Equal(4, face.GetProperty("box").GetArrayLength());
            Assert.Contains(face.GetProperty("tracked").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            var label = root.GetProperty("emotion").GetString();
            Assert.Contains(label, new[] { "happy", "neutral" });
            Assert.InRange(root.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.Equal(7, root.GetProperty("scores").EnumerateObject().Count());
        }

        Assert.Equal("neutral", Emotion(lines[0]));
    }

    [Fact]
    public async Task RunAsync_NoFaceVideo_ReportsNoFaceWithoutCrashing()
    {
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("pipeline-noface"), "out.jsonl");
        using var source = FrameSources.Open(TestPaths.Data("videos", "no_face.mp4"));
        var sink = new JsonLinesSink(jsonl);
        using (var run = new VirtualRun(source, new PipelineOptions { Fast = true, DeviceId = "test", MaxFrames = 40 }, sinks: [sink]))
        {
            await run.Start(TestContext.Current.CancellationToken);
            Assert.Equal(40, run.Counters.FramesProcessed);
        }

        await sink.DisposeAsync();
        var noFace = File.ReadAllLines(jsonl).Count(l => l.Contains("\"face\":null", StringComparison.Ordinal) && l.Contains("\"emotion\":null", StringComparison.Ordinal));
        Assert.True(noFace >= 36, $"only {noFace} of 40 no-face frames reported no face");
    }

    private static string? Emotion(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("emotion").GetString();
    }
}
