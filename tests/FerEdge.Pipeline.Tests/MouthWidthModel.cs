using FerEdge.Core.Emotions;
using FerEdge.Pipeline.Emotions;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// A hand-written emotion model for pipeline tests: "happy" rises with mouth width over inter-ocular distance, the
/// other six stay low. Optionally slow, to make stages drop frames.
/// </summary>
internal sealed class MouthWidthModel(TimeSpan delay = default) : IEmotionModel
{
    private static readonly int[] Subset = [17, 21, 22, 26, 36, 39, 42, 45, 30, 33, 48, 51, 54, 57, 62, 66, 8];
    private static readonly float[] ThresholdValues = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];

    public int ScoreCalls { get; private set; }

    public IReadOnlyList<string> ModelIds { get; } = ["mouth-width-test"];

    public ReadOnlySpan<int> TrackedLandmarks => Subset;

    public ReadOnlySpan<float> Thresholds => ThresholdValues;

    public void Score(ReadOnlySpan<float> shape, Span<float> scores)
    {
        ScoreCalls++;
        if (delay > TimeSpan.Zero)
        {
            Thread.Sleep(delay);
        }

        scores.Fill(0.1f);
        var iod = Distance(shape, 39, 42) + (0.5f * (Distance(shape, 36, 39) + Distance(shape, 42, 45)));
        var ratio = Distance(shape, 48, 54) / iod;
        scores[(int)Emotion.Happy] = 1f / (1f + MathF.Exp(-20f * (ratio - 0.95f)));
    }

    public void Explain(ReadOnlySpan<float> shape, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference)
    {
        attribution.Fill(0.01f);
        attribution[48] = attribution[54] = 1f;
        shape.CopyTo(alignedShape);
        shape.CopyTo(reference);
    }

    private static float Distance(ReadOnlySpan<float> s, int a, int b)
    {
        var dx = s[2 * a] - s[2 * b];
        var dy = s[(2 * a) + 1] - s[(2 * b) + 1];
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }
}
