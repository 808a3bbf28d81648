using FerEdge.Core.Geometry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FerEdge.Core.Tests.Tracking;

public sealed class SimilarityTransformTests
{
    private static readonly Point2[] Square = [new(0, 0), new(10, 0), new(10, 10), new(0, 10)];

    [Fact]
    public void Fit_RotatedScaledSquare_RecoversParts()
    {
        var truth = SimilarityTransform.FromParts(2, Math.PI / 6, 5, -3);
        var moved = new Point2[4];
        truth.Apply(Square, moved);

        var fit = SimilarityTransform.Fit(Square, moved);

        Assert.Equal(2, fit.Scale, 5);
        Assert.Equal(Math.PI / 6, fit.Rotation, 5);
        Assert.Equal(5, fit.Tx, 4);
        Assert.Equal(-3, fit.Ty, 4);
    }

    [Fact]
    public void TryFit_ZeroWeightOutlier_IsIgnored()
    {
        Point2[] from = [.. Square, new(5, 5)];
        Point2[] to = [new(1, 1), new(11, 1), new(11, 11), new(1, 11), new(90, -40)];

        Assert.True(SimilarityTransform.TryFit(from, to, [1, 1, 1, 1, 0], out var fit));

        Assert.Equal(1, fit.Scale, 5);
        Assert.Equal(0, fit.Rotation, 5);
        Assert.Equal(1, fit.Tx, 4);
        Assert.Equal(1, fit.Ty, 4);
    }

    [Fact]
    public void Fit_AllSourcePointsEqual_ThrowsExplaining()
    {
        Point2[] same = [new(3, 3), new(3, 3)];
        var ex = Assert.Throws<ArgumentException>(() => SimilarityTransform.Fit(same, Square.AsSpan(0, 2)));
        Assert.Contains("two distinct", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFit_LengthMismatch_ReturnsFalse() =>
        Assert.False(SimilarityTransform.TryFit(Square, Square.AsSpan(0, 3), default, out _));

    [Property(MaxTest = 300)]
    public Property Fit_RandomSimilarity_IsRecovered() =>
        Prop.ForAll(SimilarityCases().ToArbitrary(), c =>
        {
            var (truth, points) = c;
            var moved = new Point2[points.Length];
            truth.Apply(points, moved);
            var fit = SimilarityTransform.Fit(points, moved);
            var ok = Math.Abs(fit.Scale - truth.Scale) < 1e-3 * truth.Scale
                && Math.Abs(Math.IEEERemainder(fit.Rotation - truth.Rotation, 2 * Math.PI)) < 1e-3;
            foreach (var p in points)
            {
                var d = Distance(fit.Apply(p), truth.Apply(p));
                ok &= d < 0.05;
            }

            return ok;
        });

    [Property(MaxTest = 300)]
    public Property Inverse_ComposedWithTransform_IsIdentity() =>
        Prop.ForAll(SimilarityCases().ToArbitrary(), c =>
        {
            var (t, points) = c;
            var inv = t.Inverse();
            var ok = true;
            foreach (var p in points)
            {
                ok &= Distance(inv.Apply(t.Apply(p)), p) < 0.05;
            }

            return ok;
        });

    private static Gen<(SimilarityTransform, Point2[])> SimilarityCases() =>
        from scale in Gen.Choose(20, 400).Select(s => s / 100.0)
        from angle in Gen.Choose(-3141, 3141).Select(a => a / 1000.0)
        from tx in Gen.Choose(-500, 500)
        from ty in Gen.Choose(-500, 500)
        from count in Gen.Choose(2, 12)
        from xs in Gen.ArrayOf(Gen.Choose(0, 640), count)
        from ys in Gen.ArrayOf(Gen.Choose(0, 480), count)
        where Spread(xs, ys) > 4
        select (SimilarityTransform.FromParts(scale, angle, tx, ty), Points(xs, ys));

    private static Point2[] Points(int[] xs, int[] ys)
    {
        var p = new Point2[xs.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = new Point2(xs[i], ys[i]);
        }

        return p;
    }

    private static double Spread(int[] xs, int[] ys) => (xs.Max() - xs.Min()) + (ys.Max() - ys.Min());

    private static double Distance(Point2 a, Point2 b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}
