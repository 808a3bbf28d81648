namespace FerEdge.Vision.Perception;

/// <summary>
/// The landmark error measure used to compare FerEdge's front end with dlib's: mean point-to-point distance divided
/// by the inter-ocular distance of the reference shape (distance between the eye centres, each the mean of its six
/// 68-point eye landmarks: 36-41 and 42-47).
/// </summary>
/// <remarks>Shapes are 68-point layouts stored as x0, y0, ..., x67, y67 in pixels. Stateless and thread-safe.</remarks>
public static class LandmarkError
{
    /// <summary>Distance in pixels between the centres of the two eyes of a 68-point shape.</summary>
    /// <exception cref="ArgumentException">The shape holds fewer than 68 points.</exception>
    public static float InterOcularDistance(ReadOnlySpan<float> shape)
    {
        RequireFullShape(shape, nameof(shape));
        float rx = 0, ry = 0, lx = 0, ly = 0;
        for (var i = 0; i < 6; i++)
        {
            rx += shape[2 * (36 + i)];
            ry += shape[(2 * (36 + i)) + 1];
            lx += shape[2 * (42 + i)];
            ly += shape[(2 * (42 + i)) + 1];
        }

        var dx = (lx - rx) / 6f;
        var dy = (ly - ry) / 6f;
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>
    /// Mean distance between <paramref name="fitted"/> and <paramref name="reference"/> over all 68 points, divided by
    /// the reference's inter-ocular distance (a fraction: 0.02 is 2 %).
    /// </summary>
    public static double Normalised(ReadOnlySpan<float> reference, ReadOnlySpan<float> fitted)
    {
        RequireFullShape(fitted, nameof(fitted));
        var sum = 0.0;
        for (var i = 0; i < LandmarkSubsets.PointCount; i++)
        {
            sum += Distance(reference, fitted, i);
        }

        return sum / LandmarkSubsets.PointCount / InterOcularDistance(reference);
    }

    /// <summary>
    /// Mean distance over the points of <paramref name="subset"/> between the subset's positions
    /// <paramref name="subsetPoints"/> (x, y per subset entry, in subset order) and the same landmarks of
    /// <paramref name="reference"/>, divided by the reference's inter-ocular distance.
    /// </summary>
    public static double NormalisedSubset(ReadOnlySpan<float> reference, ReadOnlySpan<int> subset, ReadOnlySpan<float> subsetPoints)
    {
        RequireFullShape(reference, nameof(reference));
        if (subset.IsEmpty || subsetPoints.Length < 2 * subset.Length)
        {
            throw new ArgumentException($"Need x, y for each of the {subset.Length} subset points, got {subsetPoints.Length} values.", nameof(subsetPoints));
        }

        var sum = 0.0;
        for (var k = 0; k < subset.Length; k++)
        {
            var i = subset[k];
            double dx = subsetPoints[2 * k] - reference[2 * i];
            double dy = subsetPoints[(2 * k) + 1] - reference[(2 * i) + 1];
            sum += Math.Sqrt((dx * dx) + (dy * dy));
        }

        return sum / subset.Length / InterOcularDistance(reference);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int i)
    {
        double dx = a[2 * i] - b[2 * i];
        double dy = a[(2 * i) + 1] - b[(2 * i) + 1];
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    private static void RequireFullShape(ReadOnlySpan<float> shape, string name)
    {
        if (shape.Length < 2 * LandmarkSubsets.PointCount)
        {
            throw new ArgumentException($"A 68-point shape needs {2 * LandmarkSubsets.PointCount} values, got {shape.Length}.", name);
        }
    }
}
