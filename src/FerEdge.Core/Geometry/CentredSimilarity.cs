namespace FerEdge.Core.Geometry;

/// <summary>
/// A least-squares 2-D similarity in centred form: <c>p' = [A -B; B A] (p - from centroid) + to centroid</c>. The one
/// similarity fit of FerEdge: <see cref="SimilarityTransform.TryFit"/> returns it as a transform (the tracker), and
/// <see cref="Features.FaceAligner"/> applies it in this form to a reference face centred once.
/// </summary>
/// <param name="A">s cos θ.</param>
/// <param name="B">s sin θ.</param>
/// <param name="FromX">Weighted centroid of the source points, x.</param>
/// <param name="FromY">Weighted centroid of the source points, y.</param>
/// <param name="ToX">Centroid of the target points, x.</param>
/// <param name="ToY">Centroid of the target points, y.</param>
public readonly record struct CentredSimilarity(double A, double B, double FromX, double FromY, double ToX, double ToY)
{
    /// <summary>The same map as a <see cref="SimilarityTransform"/> (translation folded in).</summary>
    public SimilarityTransform Transform => new(A, B, ToX - ((A * FromX) - (B * FromY)), ToY - ((B * FromX) + (A * FromY)));

    /// <summary>Maps the x coordinate of the point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public float MapX(float x, float y) => (float)((A * (x - FromX)) - (B * (y - FromY)) + ToX);

    /// <summary>Maps the y coordinate of the point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public float MapY(float x, float y) => (float)((B * (x - FromX)) + (A * (y - FromY)) + ToY);

    /// <summary>
    /// Weighted least-squares fit (minimises <c>Σ w[i] |T(from[i]) - to[i]|²</c>); an empty <paramref name="weights"/>
    /// weighs all points 1, zero weights leave points out. Allocates nothing.
    /// </summary>
    /// <returns>False (and a default fit) when the lengths differ, a weight is negative or not finite, the weighted
    /// source points are all at one place, or a sum is not finite.</returns>
    public static bool TryFit(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> to, ReadOnlySpan<float> weights, out CentredSimilarity fit)
    {
        fit = default;
        if (from.Length != to.Length || (!weights.IsEmpty && weights.Length != from.Length))
        {
            return false;
        }

        double sw = 0, su = 0, sv = 0;
        for (var i = 0; i < to.Length; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            sw += w;
            su += w * to[i].X;
            sv += w * to[i].Y;
        }

        return TrySolve(from, to, weights, su / sw, sv / sw, out fit);
    }

    /// <summary>
    /// The unweighted fit onto a fixed target given once: <paramref name="centredTo"/> is the target with its centroid
    /// (<paramref name="toX"/>, <paramref name="toY"/>) already subtracted, so a reference face is centred once rather
    /// than on every call. Allocates nothing.
    /// </summary>
    /// <returns>False (and a default fit) as <see cref="TryFit"/>.</returns>
    public static bool TryFitCentred(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> centredTo, double toX, double toY, out CentredSimilarity fit)
    {
        var ok = TrySolve(from, centredTo, default, 0, 0, out var centred);
        fit = ok ? centred with { ToX = toX, ToY = toY } : default;
        return ok;
    }

    // The normal equations on centred points: A = Σ w (x u + y v) / Σ w (x² + y²), B = Σ w (x v - y u) / Σ w (x² + y²),
    // with x, y the source and u, v the target minus their centroids.
    private static bool TrySolve(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> to, ReadOnlySpan<float> weights, double mu, double mv, out CentredSimilarity fit)
    {
        fit = default;
        if (from.Length != to.Length || (!weights.IsEmpty && weights.Length != from.Length))
        {
            return false;
        }

        double sw = 0, sx = 0, sy = 0;
        for (var i = 0; i < from.Length; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            if (!(w >= 0) || double.IsInfinity(w))
            {
                return false;
            }

            sw += w;
            sx += w * from[i].X;
            sy += w * from[i].Y;
        }

        if (sw <= 0)
        {
            return false;
        }

        double mx = sx / sw, my = sy / sw;
        double num = 0, den = 0, cross = 0;
        for (var i = 0; i < from.Length; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            var x = from[i].X - mx;
            var y = from[i].Y - my;
            var u = to[i].X - mu;
            var v = to[i].Y - mv;
            den += w * ((x * x) + (y * y));
            num += w * ((x * u) + (y * v));
            cross += w * ((x * v) - (y * u));
        }

        // Relative test: source points closer together than float noise cannot fix rotation or scale.
        if (!(den > 1e-12 * sw * (1 + (mx * mx) + (my * my))) || !double.IsFinite(den + num + cross))
        {
            return false;
        }

        fit = new CentredSimilarity(num / den, cross / den, mx, my, mu, mv);
        return true;
    }
}
