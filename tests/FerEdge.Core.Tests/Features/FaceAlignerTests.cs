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
    public void Align_AlignmentSet_FitsOnThatSetAndKeepsTheSubsetsOwnScaleAndTilt()
    {
        var reference = Reference();
        var alignOn = new[] { 36, 39, 42, 45, 27, 30, 8, 0, 16 };
        var layout = new FeatureLayout([48, 54]);
        var aligner = new FaceAligner(reference, layout, alignOn);
        // The face moves rigidly, and the two emitted points spread apart by 20 % about their midpoint: a subset
        // fitted on itself would normalise that away, a fit on the alignment set must keep it.
        var face = (float[])reference.Clone();
        float mx = (face[96] + face[108]) / 2, my = (face[97] + face[109]) / 2;
        foreach (var i in new[] { 48, 54 })
        {
            face[2 * i] = mx + (1.2f * (face[2 * i] - mx));
            face[(2 * i) + 1] = my + (1.2f * (face[(2 * i) + 1] - my));
        }

        var moved = Transform(face, 0.6, -0.7, -25, 80);
        var aligned = new float[layout.FrameLength];

        aligner.Align(moved, aligned);

        Assert.Equal(alignOn, aligner.AlignmentLandmarks.ToArray());
        Assert.Equal(face[96], aligned[0], 0.01f);
        Assert.Equal(face[97], aligned[1], 0.01f);
        Assert.Equal(face[108], aligned[2], 0.01f);
        Assert.Equal(face[109], aligned[3], 0.01f);
    }

    [Fact]
    public void Constructor_AlignmentSetWithRepeatedLandmark_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FaceAligner(Reference(), new FeatureLayout([48, 54]), [36, 45, 36]));
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
