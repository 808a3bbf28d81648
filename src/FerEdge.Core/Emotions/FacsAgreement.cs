using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Emotions;

/// <summary>
/// Agreement of a per-landmark attribution map with a Friesen-Ekman region, following Gaya-Morey et al. 2024:
/// binarise the map with Otsu's threshold, then take the intersection over union with the region. Stateless and
/// thread-safe; no heap allocation per call.
/// </summary>
public static class FacsAgreement
{
    /// <summary>
    /// Otsu's threshold of a set of values: the split of the sorted values into a low and a high class that maximises
    /// the between-class variance, computed exactly over every split point (no histogram binning, the map is small).
    /// Returns the largest value of the low class, so "selected" means strictly greater than the result. When all
    /// values are equal there is no split and the common value is returned (nothing is selected).
    /// </summary>
    public static float OtsuThreshold(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("no values to threshold", nameof(values));
        }

        Span<float> sorted = values.Length <= 256 ? stackalloc float[values.Length] : new float[values.Length];
        values.CopyTo(sorted);
        sorted.Sort();

        double total = 0;
        foreach (var v in sorted)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException("attribution values must be finite", nameof(values));
            }

            total += v;
        }

        var n = sorted.Length;
        double lowSum = 0, best = -1;
        var threshold = sorted[n - 1];
        for (var k = 1; k < n; k++)
        {
            lowSum += sorted[k - 1];
            if (sorted[k] == sorted[k - 1])
            {
                continue; // equal values cannot be separated by a threshold
            }

            double w0 = (double)k / n, w1 = 1 - w0;
            var mu0 = lowSum / k;
            var mu1 = (total - lowSum) / (n - k);
            var between = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
            if (between > best)
            {
                best = between;
                threshold = sorted[k - 1];
            }
        }

        return threshold;
    }

    /// <summary>
    /// IoU of the Otsu-binarised attribution map (68 values, one per landmark, larger = more important) with the
    /// region of <paramref name="emotion"/>. Returns 0 for emotions without a region.
    /// </summary>
    public static float IntersectionOverUnion(ReadOnlySpan<float> attribution, Emotion emotion)
    {
        if (attribution.Length != Face68.PointCount)
        {
            throw new ArgumentException(
                $"attribution must have {Face68.PointCount} values (one per landmark), got {attribution.Length}", nameof(attribution));
        }

        Span<bool> region = stackalloc bool[Face68.PointCount];
        FacsRegions.FillMask(emotion, region);
        var threshold = OtsuThreshold(attribution);
        int intersection = 0, union = 0;
        for (var i = 0; i < attribution.Length; i++)
        {
            var selected = attribution[i] > threshold;
            if (selected && region[i])
            {
                intersection++;
            }

            if (selected || region[i])
            {
                union++;
            }
        }

        return union == 0 ? 0f : (float)intersection / union;
    }
}
