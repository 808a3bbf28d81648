using System.Reactive.Concurrency;
using FerEdge.Capture;
using FerEdge.Core.Frames;
using FerEdge.Pipeline.Output;
using FerEdge.Testing;
using FerEdge.Vision.Perception;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// The warm-up before the first frame: it takes perception's every step on a made-up frame (a keyframe fit, then a
/// tracked frame), and it leaves nothing behind that changes what a run then decides.
/// </summary>
public sealed class WarmUpTests
{
    private static PipelineStagesOptions Shipped(string cache) => new()
    {
        ModelsDirectory = TestPaths.InRepo("models"),
        Landmarker = new FaceLandmarkerOptions { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface"), CacheDirectory = cache },
    };

    [Fact]
    public void FacePerceptionWarmUp_TexturedFrame_FitsAKeyframeThenTracksIt()
    {
        using var stages = PipelineStages.Load(Shipped(TestPaths.NewScratchFolder("warm-cache")));
        var perception = stages.NewPerception();
        var frame = new VideoFrame();
        frame.EnsureSize(320, 240);
        var noise = new Random(3);
        noise.NextBytes(frame.Gray!.Pixels);
        noise.NextBytes(frame.Color!.Pixels);

        var result = perception.WarmUp(frame);

        Assert.True(result.Keyframe);
        Assert.NotNull(result.Box);
        Assert.Equal(136, result.Shape.Length);
        Assert.All(result.Shape, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1, perception.Keyframes);
        Assert.Equal(1, perception.TrackedFrames);

        // The emotion stage takes the made-up face through its whole path: a decision and an explanation.
        var emotion = stages.NewEmotionStage();
        emotion.Describe(frame.Gray!, result);
        var outcome = emotion.Process(result);
        result.ReleaseAppearance();
        Assert.NotNull(outcome.Emotion);
        Assert.NotNull(outcome.Explanation);
    }

    [Fact]
    public async Task Warm_ThenARun_DecidesEveryFrameAsARunWithoutIt()
    {
        var cache = TestPaths.NewScratchFolder("warm-cache");
        var cold = await RunAsync(cache, warm: false);
        var warmed = await RunAsync(cache, warm: true);
        Assert.Equal(72, cold.Length);
        Assert.Equal(cold, warmed);
    }

    private static async Task<string[]> RunAsync(string cache, bool warm)
    {
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("warm-run"), "out.jsonl");
        using var stages = PipelineStages.Load(Shipped(cache));
        if (warm)
        {
            stages.Warm();
        }

        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        var sink = new JsonLinesSink(jsonl);
        var scheduler = new HistoricalScheduler();
        using (var schedulers = new PipelineSchedulers(scheduler, scheduler, scheduler, scheduler))
        using (var pipeline = new FerEdgePipeline(
            source, stages.NewPerception(), stages.NewEmotionStage(), [sink], new PipelineOptions { Fast = true, DeviceId = "warm" }, schedulers, TimeProvider.System, NullLogger.Instance))
        {
            var run = pipeline.RunAsync(TestContext.Current.CancellationToken);
            scheduler.Start();
            await run;
        }

        await sink.DisposeAsync();
        return File.ReadAllLines(jsonl);
    }
}
