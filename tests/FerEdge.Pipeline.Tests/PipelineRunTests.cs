using System.Text.Json;
using FerEdge.Capture;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Output;
using FerEdge.Pipeline.Perception;
using FerEdge.Testing;
using FerEdge.Vision.Perception;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Pipeline.Tests;

public sealed class PipelineRunTests
{
    [Fact]
    public async Task RunAsync_FastOnSingleFaceVideo_EveryFrameOnceWithContractFields()
    {
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("pipeline-fast"), "out.jsonl");
        var model = new MouthWidthModel();
        using var landmarker = NewLandmarker();
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        var sink = new JsonLinesSink(jsonl);
        PipelineCounters counters;
        using (var pipeline = new FerEdgePipeline(
            source,
            new FacePerception(landmarker, model.TrackedLandmarks, new PerceptionOptions()),
            new EmotionStage(model, new EmotionStageOptions()),
            [sink],
            new PipelineOptions { Fast = true, DeviceId = "test" },
            NullLogger.Instance))
        {
            await pipeline.RunAsync(TestContext.Current.CancellationToken);
            counters = pipeline.Counters;
            Assert.Equal(pipeline.Pool.Rents, pipeline.Pool.Returns);
            Assert.Equal(0, pipeline.Pool.InUse);
        }

        await sink.DisposeAsync();
        Assert.True(counters.FramesProcessed == 72, $"read {counters.FramesRead} processed {counters.FramesProcessed} drops {counters.VisionDrops.Count}/{counters.InferenceDrops.Count}/{counters.PublishDrops.Count}/{counters.CaptureDrops} errors {counters.SourceErrors}");
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
    public async Task RunAsync_RealTimeWithSlowInference_DropsAreCountedAndBuffersReturned()
    {
        var model = new MouthWidthModel(TimeSpan.FromMilliseconds(120));
        using var landmarker = NewLandmarker();
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var pipeline = new FerEdgePipeline(
            source,
            new FacePerception(landmarker, model.TrackedLandmarks, new PerceptionOptions()),
            new EmotionStage(model, new EmotionStageOptions()),
            [],
            new PipelineOptions { Fast = false, DeviceId = "test" },
            NullLogger.Instance);
        await pipeline.RunAsync(TestContext.Current.CancellationToken);
        var c = pipeline.Counters;
        Assert.Equal(72, c.FramesRead);
        Assert.True(c.Dropped > 0, "a 120 ms stage on a 30 fps clip must drop frames");
        Assert.Equal(c.FramesRead, c.FramesProcessed + c.Dropped);
        Assert.Equal(c.FramesProcessed, model.ScoreCalls);
        Assert.Equal(pipeline.Pool.Rents, pipeline.Pool.Returns);
    }

    [Fact]
    public async Task RunAsync_NoFaceVideo_ReportsNoFaceWithoutCrashing()
    {
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("pipeline-noface"), "out.jsonl");
        var model = new MouthWidthModel();
        using var landmarker = NewLandmarker();
        using var source = FrameSources.Open(TestPaths.Data("videos", "no_face.mp4"));
        var sink = new JsonLinesSink(jsonl);
        using (var pipeline = new FerEdgePipeline(
            source,
            new FacePerception(landmarker, model.TrackedLandmarks, new PerceptionOptions()),
            new EmotionStage(model, new EmotionStageOptions()),
            [sink],
            new PipelineOptions { Fast = true, DeviceId = "test", MaxFrames = 40 },
            NullLogger.Instance))
        {
            await pipeline.RunAsync(TestContext.Current.CancellationToken);
            Assert.Equal(40, pipeline.Counters.FramesProcessed);
        }

        await sink.DisposeAsync();
        var noFace = File.ReadAllLines(jsonl).Count(l => l.Contains("\"face\":null", StringComparison.Ordinal) && l.Contains("\"emotion\":null", StringComparison.Ordinal));
        Assert.True(noFace >= 36, $"only {noFace} of 40 no-face frames reported no face");
    }

    private static FaceLandmarker NewLandmarker() => new(new FaceLandmarkerOptions
    {
        BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface"),
    });

    private static string? Emotion(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("emotion").GetString();
    }
}
