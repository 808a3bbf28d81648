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

    [Fact]
    public void ChannelMean_ShortColourBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => GrayConversion.ChannelMean(new byte[5], new byte[2]));
    }
}
