using FerEdge.Core.Features;
using FsCheck.Xunit;

namespace FerEdge.Core.Tests.Features;

public sealed class FaceAlignerPropertyTests
{
    private static readonly float[] Reference = MakeShape(new Random(11));
    private static readonly FaceAligner Aligner = new(Reference, new FeatureLayout([36, 39, 42, 45, 30, 48, 54, 8, 19, 24]));

    private static float[] MakeShape(Random random)
    {
        var p = new float[136];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (float)(random.NextDouble() * 200);
        }

        return p;
    }

    [Property(MaxTest = 200)]
    public bool Align_ShapeUnderAnySimilarity_GivesSameFeaturesAsShapeItself(int seed)
    {
        // Position, size and roll are removed: a similarity-transformed copy of any shape aligns to the same values.
        var random = new Random(seed);
        var shape = MakeShape(random);
        var scale = 0.2 + (random.NextDouble() * 5);
        var angle = (random.NextDouble() - 0.5) * 2 * Math.PI;
        double tx = (random.NextDouble() - 0.5) * 2000, ty = (random.NextDouble() - 0.5) * 2000;
        double c = Math.Cos(angle) * scale, s = Math.Sin(angle) * scale;
        var moved = new float[136];
        for (var i = 0; i < 136; i += 2)
        {
            moved[i] = (float)((c * shape[i]) - (s * shape[i + 1]) + tx);
            moved[i + 1] = (float)((s * shape[i]) + (c * shape[i + 1]) + ty);
        }

        var a = new float[Aligner.Layout.FrameLength];
        var b = new float[Aligner.Layout.FrameLength];
        Aligner.Align(shape, a);
        Aligner.Align(moved, b);
        for (var i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > 0.02)
            {
                return false;
            }
        }

        return true;
    }
}
