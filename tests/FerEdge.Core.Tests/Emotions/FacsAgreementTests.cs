using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Emotions;

public sealed class FacsAgreementTests
{
    [Fact]
    public void OtsuThreshold_TwoClusters_SplitsBetweenThem()
    {
        float[] values = [0.1f, 0.12f, 0.09f, 0.11f, 0.9f, 0.95f, 0.85f];
        var t = FacsAgreement.OtsuThreshold(values);
        Assert.Equal(0.12f, t);
    }

    [Fact]
    public void OtsuThreshold_HandComputedThreeValues_MaximisesBetweenClassVariance()
    {
        // Splits of {0, 1, 3}: {0}|{1,3}: w0 w1 (mu0-mu1)^2 = 1/3*2/3*4 = 0.889; {0,1}|{3}: 2/3*1/3*6.25 = 1.389.
        Assert.Equal(1f, FacsAgreement.OtsuThreshold([3f, 0f, 1f]));
    }

    [Fact]
    public void IntersectionOverUnion_MapEqualToRegion_IsOne()
    {
        var map = new float[68];
        foreach (var i in FacsRegions.For(Emotion.Happy))
        {
            map[i] = 1f;
        }

        Assert.Equal(1f, FacsAgreement.IntersectionOverUnion(map, Emotion.Happy));
    }

    [Fact]
    public void IntersectionOverUnion_MouthOnlyMapForSurprise_IsMouthShareOfRegion()
    {
        // Mouth 48-67 (20 landmarks) lies inside surprise's region of 52 landmarks: IoU = 20 / 52.
        var map = new float[68];
        for (var i = 48; i <= 67; i++)
        {
            map[i] = 5f;
        }

        Assert.Equal(52, FacsRegions.For(Emotion.Surprise).Length);
        Assert.Equal(20f / 52f, FacsAgreement.IntersectionOverUnion(map, Emotion.Surprise), 5);
    }

    [Fact]
    public void IntersectionOverUnion_Contempt_IsZeroBecauseNoRegion()
    {
        var map = new float[68];
        map[54] = 1f;
        Assert.Equal(0f, FacsAgreement.IntersectionOverUnion(map, Emotion.Contempt));
    }

    [Fact]
    public void IntersectionOverUnion_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => FacsAgreement.IntersectionOverUnion(new float[67], Emotion.Fear));
    }
}
