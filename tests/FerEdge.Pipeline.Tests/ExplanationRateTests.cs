using FerEdge.Core.Emotions;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Perception;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// When the emotion stage explains: on the first decision, on every change, and by the rate, where a rate-due
/// explanation that falls on a keyframe waits one frame (and never longer, so every-frame keyframes still explain).
/// </summary>
public sealed class ExplanationRateTests
{
    private const double FrameSeconds = 1.0 / 32; // exact in binary, so "due" falls on known frames

    [Fact]
    public void RateDueOnAKeyframe_WaitsOneFrame_ChangesExplainAtOnce()
    {
        var model = new CountingModel();
        var stage = new EmotionStage(model, new EmotionStageOptions { ExplanationsPerSecond = 2, Decision = new() { SmoothingSeconds = 0, SwitchMargin = 0 } });

        // Frame 0 decides happy (the first decision is explained); the rate is next due at 0.5 s = frame 16, a keyframe,
        // so frame 17 explains; then 0.5 s later, frame 33, a tracked frame.
        var explained = new List<long>();
        for (var f = 0; f < 40; f++)
        {
            var outcome = stage.Process(Face(f, keyframe: f % 4 == 0));
            if (outcome.Explanation is not null)
            {
                explained.Add(f);
            }
        }

        Assert.Equal([0, 17, 33], explained);

        // A change on a keyframe is explained on that frame.
        model.Leader = Array.IndexOf(EmotionLabels.Classified.ToArray(), Emotion.Sadness);
        var change = stage.Process(Face(40, keyframe: true));
        Assert.NotNull(change.Explanation);
        Assert.Equal(Emotion.Sadness, change.Emotion);
    }

    [Fact]
    public void EveryFrameAKeyframe_RateStillHolds()
    {
        var model = new CountingModel();
        var stage = new EmotionStage(model, new EmotionStageOptions { ExplanationsPerSecond = 2, Decision = new() { SmoothingSeconds = 0, SwitchMargin = 0 } });
        var explained = Enumerable.Range(0, 61).Where(f => stage.Process(Face(f, keyframe: true)).Explanation is not null).ToList();
        Assert.Equal([0, 17, 34, 51], explained);
        Assert.Equal(4, model.Explained);
    }

    private static PerceptionResult Face(long frame, bool keyframe)
    {
        var shape = new float[Face68.ShapeLength];
        for (var i = 0; i < Face68.PointCount; i++)
        {
            shape[2 * i] = 100 + (i % 17 * 5);
            shape[(2 * i) + 1] = 100 + (i / 17 * 20) + (i % 3);
        }

        return new PerceptionResult
        {
            Frame = frame,
            Time = frame * FrameSeconds,
            CapturedAt = 0,
            FaceCount = 1,
            Box = new BoxF(80, 80, 100, 100),
            Shape = shape,
            Keyframe = keyframe,
        };
    }

    // Seven probabilities with one clear leader (index into EmotionLabels.Classified); explanations are counted.
    private sealed class CountingModel : IEmotionModel
    {
        public int Leader { get; set; } = Array.IndexOf(EmotionLabels.Classified.ToArray(), Emotion.Happy);

        public int Explained { get; private set; }

        public IReadOnlyList<string> ModelIds { get; } = ["counting"];

        public ReadOnlySpan<int> TrackedLandmarks => Enumerable.Range(0, Face68.PointCount).ToArray();

        public int AppearanceLength => 0;

        public bool Describe(GrayImage gray, ReadOnlySpan<float> shape, Span<float> appearance) => true;

        public void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities)
        {
            probabilities.Fill(0.01f);
            probabilities[Leader] = 0.9f;
        }

        public void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference)
        {
            Explained++;
            attribution.Fill(0.01f);
            shape.CopyTo(alignedShape);
            shape.CopyTo(reference);
        }
    }
}
