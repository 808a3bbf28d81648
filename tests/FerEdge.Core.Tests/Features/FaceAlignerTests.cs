using FerEdge.Core.Features;

namespace FerEdge.Core.Tests.Features;

public sealed class FaceAlignerTests
{
    private static float[] Reference()
    {
        // An irregular 68-point shape (not symmetric, so a wrong rotation or reflection cannot fit it).
        var random = new Random(3);
        var p = new float[136];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (float)(random.NextDouble() * 100);
        }

        return p;
    }

    private static float[] Transform(float[] shape, double scale, double angle, double tx, double ty)
    {
        var result = new float[shape.Length];
        double c = Math.Cos(angle) * scale, s = Math.Sin(angle) * scale;
        for (var i = 0; i < shape.Length; i += 2)
        {
            result[i] = (float)((c * shape[i]) - (s * shape[i + 1]) + tx);
            result[i + 1] = (float)((s * shape[i]) + (c * shape[i + 1]) + ty);
        }

        return result;
    }

    [Theory]
    [InlineData(2.5, 0.4, 300, -40)]
    [InlineData(0.3, -2.8, -10, 500)]
    public void Align_SimilarityTransformedReference_RecoversReference(double scale, double angle, double tx, double ty)
    {
        var reference = Reference();
        var aligner = new FaceAligner(reference, FeatureLayout.Full());
        var moved = Transform(reference, scale, angle, tx, ty);
        var aligned = new float[136];

        aligner.Align(moved, aligned);

        for (var i = 0; i < aligned.Length; i++)
        {
            Assert.Equal(reference[i], aligned[i], 0.01f);
        }
    }

    [Fact]
    public void Align_Subset_EmitsSubsetInLayoutOrderFittedOnSubsetOnly()
    {
        var reference = Reference();
        var layout = new FeatureLayout([54, 48, 30, 8]);
        var aligner = new FaceAligner(reference, layout);
        var moved = Transform(reference, 1.7, 0.9, 12, 34);
        moved[0] += 500; // landmark 0 is outside the subset and must not disturb the fit
        var aligned = new float[layout.FrameLength];

        aligner.Align(moved, aligned);

        for (var k = 0; k < 4; k++)
        {
            var i = layout.Indices[k];
            Assert.Equal(reference[2 * i], aligned[2 * k], 0.01f);
            Assert.Equal(reference[(2 * i) + 1], aligned[(2 * k) + 1], 0.01f);
        }
    }

    [Fact]
    public void Align_MirroredShape_DoesNotReflect()
    {
        // A reflection is not a similarity transform: the mirrored shape cannot be mapped back exactly.
        var reference = Reference();
        var aligner = new FaceAligner(reference, FeatureLayout.Full());
        var mirrored = (float[])reference.Clone();
        for (var i = 0; i < mirrored.Length; i += 2)
        {
            mirrored[i] = -mirrored[i];
        }

        var aligned = new float[136];
        aligner.Align(mirrored, aligned);

        var error = 0.0;
        for (var i = 0; i < aligned.Length; i++)
        {
            error = Math.Max(error, Math.Abs(aligned[i] - reference[i]));
        }

        Assert.True(error > 5, $"mirrored shape aligned with max error {error}, a reflection must not be fitted");
    }

    [Fact]
    public void TryAlign_AllPointsEqual_ReturnsFalse()
    {
        var aligner = new FaceAligner(Reference(), FeatureLayout.Full());
        var collapsed = new float[136];
        Array.Fill(collapsed, 7f);
        var aligned = new float[136];

        Assert.False(aligner.TryAlign(collapsed, aligned));
        Assert.Throws<ArgumentException>(() => aligner.Align(collapsed, aligned));
    }

    [Fact]
    public void Align_WrongShapeLength_ThrowsNamingLength()
    {
        var aligner = new FaceAligner(Reference(), FeatureLayout.Full());
        var e = Assert.Throws<ArgumentException>(() => aligner.Align(new float[10], new float[136]));
        Assert.Contains("got 10", e.Message, StringComparison.Ordinal);
    }
}
