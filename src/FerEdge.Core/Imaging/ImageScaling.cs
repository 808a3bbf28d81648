namespace FerEdge.Core.Imaging;

/// <summary>Resampling of whole images.</summary>
public static class ImageScaling
{
    /// <summary>
    /// Enlarges <paramref name="source"/> by an integer <paramref name="factor"/> with bilinear interpolation on
    /// pixel centres (destination pixel x samples source x' = (x + 0.5) / factor - 0.5, clamped at the edges), the
    /// sampling OpenCV's linear resize uses; results agree with it to within one grey level of rounding.
    /// </summary>
    /// <remarks>
    /// For small, tightly cropped face images (such as 48x48 dataset crops) that are too small for the face detector
    /// and the landmark model. Allocates the result; not meant for per-frame use.
    /// </remarks>
    /// <param name="source">The image to enlarge.</param>
    /// <param name="factor">1..16; 1 returns a copy.</param>
    public static GrayImage UpscaleBilinear(GrayImage source, int factor)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factor, 16);
        int w = source.Width, h = source.Height;
        var result = new GrayImage(checked(w * factor), checked(h * factor));
        var x0 = new int[result.Width];
        var x1 = new int[result.Width];
        var fx = new float[result.Width];
        Taps(w, factor, x0, x1, fx);
        var y0 = new int[result.Height];
        var y1 = new int[result.Height];
        var fy = new float[result.Height];
        Taps(h, factor, y0, y1, fy);

        var src = source.Pixels;
        for (var y = 0; y < result.Height; y++)
        {
            var top = src.Slice(y0[y] * w, w);
            var bottom = src.Slice(y1[y] * w, w);
            var wy = fy[y];
            var row = result.Row(y);
            for (var x = 0; x < row.Length; x++)
            {
                var t = top[x0[x]] + (fx[x] * (top[x1[x]] - top[x0[x]]));
                var b = bottom[x0[x]] + (fx[x] * (bottom[x1[x]] - bottom[x0[x]]));
                row[x] = (byte)MathF.Round(t + (wy * (b - t)), MidpointRounding.AwayFromZero);
            }
        }

        return result;
    }

    /// <summary>The two source indices and the weight of the second for every destination index along one axis.</summary>
    private static void Taps(int length, int factor, int[] first, int[] second, float[] weight)
    {
        for (var d = 0; d < first.Length; d++)
        {
            var s = ((d + 0.5f) / factor) - 0.5f;
            if (s <= 0f)
            {
                (first[d], second[d], weight[d]) = (0, 0, 0f);
                continue;
            }

            var i = (int)s;
            if (i >= length - 1)
            {
                (first[d], second[d], weight[d]) = (length - 1, length - 1, 0f);
                continue;
            }

            (first[d], second[d], weight[d]) = (i, i + 1, s - i);
        }
    }
}
