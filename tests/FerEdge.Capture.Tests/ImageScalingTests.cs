using FerEdge.Core.Imaging;
using FerEdge.Testing;
using OpenCvSharp;

namespace FerEdge.Capture.Tests;

public sealed class ImageScalingTests
{
    [Theory]
    [InlineData("happy/S010_006_00000013.png", 4)]
    [InlineData("surprise/S010_002_00000012.png", 3)]
    [InlineData("anger/S010_004_00000017.png", 7)]
    public void UpscaleBilinear_DatasetCrop_MatchesOpenCvLinearResizeWithinOneLevel(string image, int factor)
    {
        var path = TestPaths.Data("ckplus48", image);
        Assert.True(File.Exists(path), $"missing {path}");
        using var mat = Cv2.ImRead(path, ImreadModes.Grayscale);
        int width = mat.Width, height = mat.Height;
        var source = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                source.Row(y)[x] = mat.At<byte>(y, x);
            }
        }

        using var expected = new Mat();
        Cv2.Resize(mat, expected, new Size(width * factor, height * factor), 0, 0, InterpolationFlags.Linear);

        var actual = ImageScaling.UpscaleBilinear(source, factor);

        Assert.Equal(width * factor, actual.Width);
        Assert.Equal(height * factor, actual.Height);
        var worst = 0;
        long total = 0;
        for (var y = 0; y < actual.Height; y++)
        {
            for (var x = 0; x < actual.Width; x++)
            {
                var d = Math.Abs(actual.Row(y)[x] - expected.At<byte>(y, x));
                worst = Math.Max(worst, d);
                total += d;
            }
        }

        Assert.True(worst <= 1, $"largest difference from OpenCV {worst} grey levels");
        Assert.True(total < actual.Width * actual.Height / 4, $"{total} grey levels of difference over {actual.Width * actual.Height} pixels");
    }

    [Fact]
    public void UpscaleBilinear_FactorOne_CopiesThePixels()
    {
        var source = new GrayImage(5, 3);
        for (var i = 0; i < 15; i++)
        {
            source.Pixels[i] = (byte)(i * 17);
        }

        var copy = ImageScaling.UpscaleBilinear(source, 1);

        Assert.NotSame(source, copy);
        Assert.Equal(source.Pixels.ToArray(), copy.Pixels.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void UpscaleBilinear_FactorOutOfRange_Throws(int factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageScaling.UpscaleBilinear(new GrayImage(4, 4), factor));
    }
}
