using FerEdge.Core.Landmarks;

namespace FerEdge.Vision.Perception;

/// <summary>
/// The landmark error measure used to compare FerEdge's front end with dlib's: mean point-to-point distance divided
/// by the inter-ocular distance of the reference shape (<see cref="Face68.InterOcularDistance"/>).
/// </summary>
/// <remarks>Shapes are 68-point layouts stored as x0, y0, ..., x67, y67 in pixels. Stateless and thread-safe.</remarks>
public static class LandmarkError
{
    /// <summary>
    /// Mean distance between <paramref name="fitted"/> and <paramref name="reference"/> over all 68 points, divided by
    /// the reference's inter-ocular distance (a fraction: 0.02 is 2 %).
    /// </summary>
    public static double Normalised(ReadOnlySpan<float> reference, ReadOnlySpan<float> fitted)
    {
        Face68.RequireShape(fitted, nameof(fitted));
        var sum = 0.0;
        for (var i = 0; i < Face68.PointCount; i++)
        {
            sum += Distance(reference, fitted, i);
        }

        return sum / Face68.PointCount / Face68.InterOcularDistance(reference);
    }

    /// <summary>
    /// Mean distance over the points of <paramref name="subset"/> between the subset's positions
    /// <paramref name="subsetPoints"/> (x, y per subset entry, in subset order) and the same landmarks of
    /// <paramref name="reference"/>, divided by the reference's inter-ocular distance.
    /// </summary>
    public static double NormalisedSubset(ReadOnlySpan<float> reference, ReadOnlySpan<int> subset, ReadOnlySpan<float> subsetPoints)
    {
        Face68.RequireShape(reference, nameof(reference));
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

        return sum / subset.Length / Face68.InterOcularDistance(reference);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int i)
    {
        double dx = a[2 * i] - b[2 * i];
        double dy = a[(2 * i) + 1] - b[(2 * i) + 1];
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
