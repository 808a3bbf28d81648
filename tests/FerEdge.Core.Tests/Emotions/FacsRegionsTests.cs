using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Emotions;

public sealed class FacsRegionsTests
{
    [Theory]
    [InlineData(Emotion.Anger, 47)]
    [InlineData(Emotion.Disgust, 31)]
    [InlineData(Emotion.Fear, 26)]
    [InlineData(Emotion.Happy, 28)]
    [InlineData(Emotion.Sadness, 28)]
    [InlineData(Emotion.Surprise, 52)]
    [InlineData(Emotion.Contempt, 0)]
    [InlineData(Emotion.Neutral, 0)]
    public void For_Emotion_HasCountFromDataTable(Emotion emotion, int count)
    {
        Assert.Equal(count, FacsRegions.For(emotion).Length);
    }

    [Fact]
    public void For_Happy_ContainsMouthCornersAndCheekFansButNotBrows()
    {
        var happy = FacsRegions.For(Emotion.Happy).ToArray();
        Assert.Contains(48, happy);
        Assert.Contains(54, happy);
        Assert.Contains(11, happy);
        Assert.DoesNotContain(19, happy);
    }

    [Fact]
    public void EmotionLabels_RoundTripEveryLabel()
    {
        foreach (var e in EmotionLabels.All)
        {
            Assert.Equal(e, EmotionLabels.Parse(e.ToLabel()));
        }

        Assert.Equal(Emotion.Happy, EmotionLabels.Parse("Happiness"));
        Assert.Throws<FormatException>(() => EmotionLabels.Parse("joy"));
    }
}
