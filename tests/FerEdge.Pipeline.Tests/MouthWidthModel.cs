using FerEdge.Core.Emotions;
using FerEdge.Core.Imaging;
using FerEdge.Pipeline.Emotions;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// A hand-written emotion model for pipeline tests: "happy" rises with mouth width over inter-ocular distance, the
/// other six stay low. It asks for one appearance value, the gray level at the mouth's centre, so that the pipeline's
/// describe-on-the-frame path and its pooled buffers run; <see cref="DescribeCalls"/> and <see cref="AppearanceSeen"/>
/// count what arrived.
/// </summary>
internal sealed class MouthWidthModel : IEmotionModel
{
    private static readonly int[] Subset = [17, 21, 22, 26, 36, 39, 42, 45, 30, 33, 48, 51, 54, 57, 62, 66, 8];
    public int ScoreCalls { get; private set; }

    public int DescribeCalls { get; private set; }

    /// <summary>Score calls that received the one appearance value.</summary>
    public int AppearanceSeen { get; private set; }

    public IReadOnlyList<string> ModelIds { get; } = ["mouth-width-test"];

    public ReadOnlySpan<int> TrackedLandmarks => Subset;

    public int AppearanceLength => 1;

    public bool Describe(GrayImage gray, ReadOnlySpan<float> shape, Span<float> appearance)
    {
        DescribeCalls++;
        var x = Math.Clamp((int)((shape[2 * 51] + shape[2 * 57]) / 2), 0, gray.Width - 1);
        var y = Math.Clamp((int)((shape[(2 * 51) + 1] + shape[(2 * 57) + 1]) / 2), 0, gray.Height - 1);
        appearance[0] = gray.Row(y)[x] + 1; // never 0, so a value that arrives is told from a cleared buffer
        return true;
    }

    public void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> scores)
    {
        ScoreCalls++;
        if (appearance.Length == 1 && appearance[0] > 0)
        {
            AppearanceSeen++;
        }

        scores.Fill(0.02f);
        var iod = Distance(shape, 39, 42) + (0.5f * (Distance(shape, 36, 39) + Distance(shape, 42, 45)));
        var ratio = Distance(shape, 48, 54) / iod;
        scores[(int)Emotion.Happy] = 1f / (1f + MathF.Exp(-20f * (ratio - 0.95f)));
    }

    public void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference)
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
