using FerEdge.Capture;
using FerEdge.Core.Imaging;
using FerEdge.Testing;
using FerEdge.Vision.Perception;

namespace FerEdge.Inference.Tests;

/// <summary>A real face for classifier tests: single_face.jpg through the product's still-image front end.</summary>
internal static class RealFace
{
    public static (GrayImage Image, float[] Shape) Load()
    {
        var image = StillImages.Load(TestPaths.Data("videos", "single_face.jpg"));
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface") });
        var shape = new float[136];
        Assert.Equal(StillImageFace.Detected, new StillImageFrontEnd(landmarker).Fit(image, shape, out var used));
        return (used, shape);
    }

    /// <summary>The image and shape under a similarity about the image centre (scale, rotation, then a shift), resampled bilinearly.</summary>
    public static (GrayImage Image, float[] Shape) Transform(GrayImage image, float[] shape, float scale, float angle, float dx, float dy)
    {
        var (sin, cos) = MathF.SinCos(angle);
        float cx = image.Width / 2f, cy = image.Height / 2f;
        var output = new GrayImage(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            var row = output.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                // Inverse map: output pixel -> source pixel.
                float u = x - cx - dx, v = y - cy - dy;
                var sx = (((cos * u) + (sin * v)) / scale) + cx;
                var sy = (((-sin * u) + (cos * v)) / scale) + cy;
                row[x] = Sample(image, sx, sy);
            }
        }

        var moved = new float[shape.Length];
        for (var k = 0; k < shape.Length / 2; k++)
        {
            float u = shape[2 * k] - cx, v = shape[(2 * k) + 1] - cy;
            moved[2 * k] = (scale * ((cos * u) - (sin * v))) + cx + dx;
            moved[(2 * k) + 1] = (scale * ((sin * u) + (cos * v))) + cy + dy;
        }

        return (output, moved);
    }

    private static byte Sample(GrayImage image, float x, float y)
    {
        if (x < 0 || y < 0 || x > image.Width - 1 || y > image.Height - 1)
        {
            return 0;
        }

        var x0 = Math.Min((int)x, image.Width - 2);
        var y0 = Math.Min((int)y, image.Height - 2);
        float fx = x - x0, fy = y - y0;
        float p00 = image.Row(y0)[x0], p01 = image.Row(y0)[x0 + 1], p10 = image.Row(y0 + 1)[x0], p11 = image.Row(y0 + 1)[x0 + 1];
        var top = p00 + (fx * (p01 - p00));
        var bottom = p10 + (fx * (p11 - p10));
        return (byte)Math.Clamp(MathF.Round(top + (fy * (bottom - top))), 0, 255);
    }
}
