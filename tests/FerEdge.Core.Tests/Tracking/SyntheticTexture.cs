using FerEdge.Core.Imaging;

namespace FerEdge.Core.Tests.Tracking;

/// <summary>
/// A smooth, well-textured analytic image (a sum of plane waves) that can be rendered at any subpixel offset, so a
/// frame pair with an exactly known motion can be made without resampling an image.
/// </summary>
internal static class SyntheticTexture
{
    /// <summary>Renders f(x - shiftX, y - shiftY): the texture moved by (shiftX, shiftY) pixels.</summary>
    public static GrayImage Render(int width, int height, double shiftX, double shiftY)
    {
        var image = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                row[x] = (byte)Math.Clamp(Math.Round(Value(x - shiftX, y - shiftY)), 0, 255);
            }
        }

        return image;
    }

    /// <summary>Renders the texture magnified by <paramref name="scale"/> about (centerX, centerY).</summary>
    public static GrayImage RenderZoomed(int width, int height, double scale, double centerX, double centerY)
    {
        var image = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                row[x] = (byte)Math.Clamp(Math.Round(Value(centerX + ((x - centerX) / scale), centerY + ((y - centerY) / scale))), 0, 255);
            }
        }

        return image;
    }

    /// <summary>The texture's value at a real position (0..255, rarely clipped).</summary>
    public static double Value(double x, double y)
    {
        var v = 128.0;
        foreach (var (kx, ky, phase, amplitude) in Waves)
        {
            v += amplitude * Math.Sin((kx * x) + (ky * y) + phase);
        }

        return v;
    }

    // Plane waves in random directions: a coarse one (period ~105 px) gives the upper pyramid levels structure to
    // lock onto, three strong mid-frequency ones (periods 17..25 px) give level 0 steep gradients, so 8-bit rounding
    // moves the estimate little. The amplitudes sum to under 128, so nothing clips.
    private static readonly (double Kx, double Ky, double Phase, double Amplitude)[] Waves = MakeWaves(
        [(0.06, 14.0), (0.25, 38.0), (0.30, 38.0), (0.36, 36.0)]);

    private static (double, double, double, double)[] MakeWaves((double K, double Amplitude)[] spectrum)
    {
        var random = new Random(20260);
        var waves = new (double, double, double, double)[spectrum.Length];
        for (var i = 0; i < waves.Length; i++)
        {
            var (k, amplitude) = spectrum[i];
            var angle = random.NextDouble() * Math.PI * 2;
            waves[i] = (k * Math.Cos(angle), k * Math.Sin(angle), random.NextDouble() * Math.PI * 2, amplitude);
        }

        return waves;
    }

    /// <summary>Sets a rectangle to one gray level (a flat region or an occluder).</summary>
    public static void Fill(GrayImage image, int left, int top, int width, int height, byte value)
    {
        for (var y = top; y < top + height; y++)
        {
            image.Row(y).Slice(left, width).Fill(value);
        }
    }
}
