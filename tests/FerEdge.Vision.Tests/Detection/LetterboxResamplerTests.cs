using FerEdge.Vision.Detection;

namespace FerEdge.Vision.Tests.Detection;

public sealed class LetterboxResamplerTests
{
    [Fact]
    public void Write_UniformWideFrame_FillsContentAndPadsBlack()
    {
        // 40x20 BGR frame of (B=255, G=0, R=51) into 8x8: rows 2..5 hold content, the rest is padding.
        var pixels = new byte[40 * 20 * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = 255;
            pixels[i + 2] = 51;
        }

        var tensor = new float[8 * 8 * 3];
        var box = new LetterboxResampler(8).Write(pixels, 40, 20, 120, PixelLayout.Bgr24, tensor);

        Assert.Equal(0.2f, box.Scale, 6);
        Assert.Equal(2f, box.PadY, 5);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var i = ((y * 8) + x) * 3;
                var content = y is >= 2 and < 6;
                Assert.Equal(content ? (51 * 2f / 255f) - 1f : -1f, tensor[i], 5);
                Assert.Equal(-1f, tensor[i + 1], 5);
                Assert.Equal(content ? 1f : -1f, tensor[i + 2], 5);
            }
        }
    }

    [Fact]
    public void Write_HorizontalRampUpscaled_InterpolatesLinearly()
    {
        // A 4x4 gray frame with columns 0, 80, 160, 240 resampled to 8x8: pixel centres map to x/2 - 0.25.
        var pixels = new byte[16];
        for (var i = 0; i < 16; i++)
        {
            pixels[i] = (byte)(80 * (i % 4));
        }

        var tensor = new float[8 * 8 * 3];
        new LetterboxResampler(8).Write(pixels, 4, 4, 4, PixelLayout.Gray8, tensor);

        float Gray(int x) => (tensor[((3 * 8) + x) * 3] + 1f) * 255f / 2f;
        Assert.Equal(0f, Gray(0), 3);
        Assert.Equal(20f, Gray(1), 3);
        Assert.Equal(60f, Gray(2), 3);
        Assert.Equal(220f, Gray(6), 3);
        Assert.Equal(240f, Gray(7), 3);
    }

    [Fact]
    public void Write_StrideTooSmall_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new LetterboxResampler(8).Write(new byte[100], 10, 10, 20, PixelLayout.Bgr24, new float[192]));

        Assert.Equal("stride", e.ParamName);
    }

    [Fact]
    public void Write_BufferTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new LetterboxResampler(8).Write(new byte[299], 10, 10, 30, PixelLayout.Bgr24, new float[192]));
    }
}
