using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Emotions;

public sealed class ExplanationSummarizerTests
{
    [Fact]
    public void Summarize_MouthAttribution_SharesSumToOneAndMouthLeads()
    {
        var attribution = new float[68];
        attribution[48] = 4;
        attribution[54] = 4;
        attribution[37] = 2;
        var summary = ExplanationSummarizer.Summarize(Emotion.Happy, attribution, Reference(), Reference());
        Assert.Equal(1f, summary.RegionShares.Sum(), 4);
        Assert.Equal(0.8f, summary.RegionShares[(int)FaceRegion.Mouth], 4);
        Assert.Equal(0.2f, summary.RegionShares[(int)FaceRegion.Eyes], 4);
        Assert.Equal([48, 54, 37], summary.TopLandmarks.Take(3).Select(t => t.Index));
        Assert.NotNull(summary.FacsAgreement);
    }

    [Fact]
    public void Reason_SmileShape_SaysMouthCornersRaised()
    {
        var reference = Reference();
        var smile = Reference();
        smile[(2 * 48) + 1] -= 6; // corners up by 6 px on a 60 px inter-ocular distance
        smile[(2 * 54) + 1] -= 6;
        Span<float> regions = [0.05f, 0.1f, 0.05f, 0.7f, 0.1f];
        Assert.Equal("mouth corners raised", ExplanationSummarizer.Reason(Emotion.Happy, regions, smile, reference));
    }

    [Fact]
    public void Reason_SurpriseShape_NamesMouthOpenAndBrowsRaised()
    {
        var reference = Reference();
        var surprise = Reference();
        for (var i = 65; i <= 67; i++)
        {
            surprise[(2 * i) + 1] += 12;
        }

        for (var i = 17; i <= 26; i++)
        {
            surprise[(2 * i) + 1] -= 6;
        }

        Span<float> regions = [0.3f, 0.1f, 0.05f, 0.45f, 0.1f];
        Assert.Equal("mouth open, brows raised", ExplanationSummarizer.Reason(Emotion.Surprise, regions, surprise, reference));
    }

    [Fact]
    public void Reason_NoChange_SaysRelaxed()
    {
        Span<float> regions = [0.2f, 0.2f, 0.2f, 0.2f, 0.2f];
        Assert.Equal("face relaxed, close to neutral", ExplanationSummarizer.Reason(Emotion.Neutral, regions, Reference(), Reference()));
    }

    [Fact]
    public void Summarize_Contempt_HasNoFacsAgreement()
    {
        var attribution = Enumerable.Repeat(1f, 68).ToArray();
        Assert.Null(ExplanationSummarizer.Summarize(Emotion.Contempt, attribution, Reference(), Reference()).FacsAgreement);
    }

    // A schematic frontal face: eyes 60 px apart, every point distinct.
    private static float[] Reference()
    {
        var s = new float[136];
        void P(int i, float x, float y)
        {
            s[2 * i] = x;
            s[(2 * i) + 1] = y;
        }

        for (var i = 0; i <= 16; i++)
        {
            P(i, 20 + (i * 7.5f), 100 + (40 * MathF.Sin(i / 16f * MathF.PI)));
        }

        for (var i = 17; i <= 26; i++)
        {
            P(i, 35 + ((i - 17) * 10f) + (i >= 22 ? 10 : 0), 70);
        }

        for (var i = 27; i <= 35; i++)
        {
            P(i, 80 + ((i - 31) * 3f), 85 + ((i - 27) * 6f));
        }

        for (var i = 0; i < 6; i++)
        {
            var angle = i / 6f * 2 * MathF.PI;
            P(36 + i, 50 + (8 * MathF.Cos(angle)), 85 + (3 * MathF.Sin(angle)));
            P(42 + i, 110 + (8 * MathF.Cos(angle)), 85 + (3 * MathF.Sin(angle)));
        }

        for (var i = 0; i < 12; i++)
        {
            var angle = MathF.PI + (i / 12f * 2 * MathF.PI);
            P(48 + i, 80 + (20 * MathF.Cos(angle)), 140 + (8 * MathF.Sin(angle)));
        }

        for (var i = 0; i < 8; i++)
        {
            var angle = MathF.PI + (i / 8f * 2 * MathF.PI);
            P(60 + i, 80 + (12 * MathF.Cos(angle)), 140 + (2 * MathF.Sin(angle)));
        }

        return s;
    }
}
