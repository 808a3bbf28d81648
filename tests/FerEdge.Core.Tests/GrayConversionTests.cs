using FerEdge.Core.Imaging;

namespace FerEdge.Core.Tests;

public sealed class GrayConversionTests
{
    [Fact]
    public void ChannelMean_EveryChannelSum_MatchesIntegerDivision()
    {
        // Every sum 0..765 reachable from three bytes.
        var gray = new byte[1];
        for (var sum = 0; sum <= 765; sum++)
        {
            var b = (byte)Math.Min(255, sum);
            var g = (byte)Math.Min(255, sum - b);
            var r = (byte)(sum - b - g);
            GrayConversion.ChannelMean([b, g, r], gray);
            Assert.Equal(sum / 3, gray[0]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(640 * 3)]
    public void ChannelMean_RandomPixels_EqualsPerPixelIntegerMean(int pixels)
    {
        // Lengths around the 16-pixel vector step, so the vector body, the scalar tail and both together are covered.
        var random = new Random(pixels);
        var colour = new byte[pixels * 3];
        random.NextBytes(colour);
        colour[0] = 255;
        colour[1] = 255;
        colour[2] = 255;
        var gray = new byte[pixels];

        GrayConversion.ChannelMean(colour, gray);

        for (var i = 0; i < pixels; i++)
        {
            Assert.Equal((colour[3 * i] + colour[(3 * i) + 1] + colour[(3 * i) + 2]) / 3, gray[i]);
        }
    }

    [Fact]
    public void ChannelMean_ShortColourBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => GrayConversion.ChannelMean(new byte[5], new byte[2]));
    }
}
