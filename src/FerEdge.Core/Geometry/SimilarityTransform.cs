namespace FerEdge.Core.Geometry;

/// <summary>
/// A 2-D similarity: uniform scale, rotation and translation, <c>p' = s R(θ) p + t</c> (no reflection).
/// </summary>
/// <remarks>
/// Stored as <c>A = s cos θ</c>, <c>B = s sin θ</c> and the translation, so that applying it is four multiplies:
/// <c>x' = A x - B y + Tx</c>, <c>y' = B x + A y + Ty</c>. With image axes (y down) a positive angle turns
/// clockwise on screen.
/// </remarks>
/// <param name="A">s cos θ.</param>
/// <param name="B">s sin θ.</param>
/// <param name="Tx">Translation along x, pixels.</param>
/// <param name="Ty">Translation along y, pixels.</param>
public readonly record struct SimilarityTransform(double A, double B, double Tx, double Ty)
{
    /// <summary>The identity transform.</summary>
    public static SimilarityTransform Identity => new(1, 0, 0, 0);

    /// <summary>Uniform scale factor (positive unless the transform is degenerate).</summary>
    public double Scale => Math.Sqrt((A * A) + (B * B));

    /// <summary>Rotation angle θ in radians, in (-π, π].</summary>
    public double Rotation => Math.Atan2(B, A);

    /// <summary>Builds a transform from scale, rotation (radians) and translation (pixels).</summary>
    public static SimilarityTransform FromParts(double scale, double rotation, double tx, double ty) =>
        new(scale * Math.Cos(rotation), scale * Math.Sin(rotation), tx, ty);

    /// <summary>Maps one point.</summary>
    public Point2 Apply(Point2 p) =>
        new((float)((A * p.X) - (B * p.Y) + Tx), (float)((B * p.X) + (A * p.Y) + Ty));

    /// <summary>Maps <paramref name="source"/> into <paramref name="destination"/> (same length; may be the same span).</summary>
    public void Apply(ReadOnlySpan<Point2> source, Span<Point2> destination)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} points, the source {source.Length}.", nameof(destination));
        }

        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = Apply(source[i]);
        }
    }

    /// <summary>The inverse transform; throws <see cref="InvalidOperationException"/> when the scale is zero.</summary>
    public SimilarityTransform Inverse()
    {
        var n = (A * A) + (B * B);
        if (n == 0)
        {
            throw new InvalidOperationException("A zero-scale similarity has no inverse.");
        }

        var ia = A / n;
        var ib = -B / n;
        return new SimilarityTransform(ia, ib, -((ia * Tx) - (ib * Ty)), -((ib * Tx) + (ia * Ty)));
    }

    /// <summary>
    /// Least-squares similarity mapping <paramref name="from"/> onto <paramref name="to"/> (minimises
    /// <c>Σ |T(from[i]) - to[i]|²</c>). Throws <see cref="ArgumentException"/> when the lengths differ or the points
    /// do not fix a similarity (fewer than two distinct source points).
    /// </summary>
    public static SimilarityTransform Fit(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> to) =>
        TryFit(from, to, default, out var t)
            ? t
            : throw new ArgumentException($"A similarity needs at least two distinct source points with matching targets (got {from.Length} and {to.Length}).", nameof(from));

    /// <summary>
    /// Weighted least-squares fit (minimises <c>Σ w[i] |T(from[i]) - to[i]|²</c>); an empty
    /// <paramref name="weights"/> weighs all points 1, zero weights leave points out. Allocates nothing. The fit is
    /// <see cref="CentredSimilarity.TryFit"/>'s.
    /// </summary>
    /// <returns>False (and the identity) when the lengths differ, a weight is negative or not finite, or the
    /// weighted source points are all at one place.</returns>
    public static bool TryFit(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> to, ReadOnlySpan<float> weights, out SimilarityTransform transform)
    {
        var ok = CentredSimilarity.TryFit(from, to, weights, out var fit);
        transform = ok ? fit.Transform : Identity;
        return ok;
    }
}
