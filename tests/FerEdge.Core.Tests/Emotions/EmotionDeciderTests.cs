using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Emotions;

public sealed class EmotionDeciderTests
{
    private static readonly float[] Thresholds = [0.5f, 0.5f, 0.5f, 0.5f, 0.3f, 0.5f, 0.5f];

    [Theory]
    [InlineData(0f, 0.3f, 0f)]
    [InlineData(0.3f, 0.3f, 0.5f)]
    [InlineData(1f, 0.3f, 1f)]
    [InlineData(0.15f, 0.3f, 0.25f)]
    [InlineData(0.65f, 0.3f, 0.75f)]
    public void Calibrate_ThresholdMapsToHalf(float raw, float threshold, float expected)
    {
        Assert.Equal(expected, EmotionDecider.Calibrate(raw, threshold), 5);
    }

    [Fact]
    public void Update_NoClassifierFires_IsNeutral()
    {
        var d = new EmotionDecider(Thresholds, new EmotionDecisionOptions());
        Assert.Equal(Emotion.Neutral, d.Update([0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f]));
        Assert.InRange(d.Confidence, 0.5f, 1f);
    }

    [Fact]
    public void Update_HappyHeld_BecomesHappyAfterSmoothingAndStaysThroughADip()
    {
        var d = new EmotionDecider(Thresholds, new EmotionDecisionOptions { Smoothing = 0.5 });
        float[] neutral = [0.1f, 0.1f, 0.1f, 0.1f, 0.05f, 0.1f, 0.1f];
        float[] happy = [0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f];
        float[] dip = [0.1f, 0.1f, 0.1f, 0.1f, 0.28f, 0.1f, 0.1f]; // just below threshold: calibrated 0.47
        d.Update(neutral);
        // One happy frame is not enough after a neutral history (smoothed 0.5 * (0.083 + 0.857) < 0.55).
        Assert.Equal(Emotion.Neutral, d.Update(happy));
        Assert.Equal(Emotion.Happy, d.Update(happy));
        // Hysteresis: a frame just under the threshold does not switch it off.
        Assert.Equal(Emotion.Happy, d.Update(dip));
        Assert.Equal(Emotion.Happy, d.Update(dip));
        for (var i = 0; i < 5; i++)
        {
            d.Update(neutral);
        }

        Assert.Equal(Emotion.Neutral, d.Decided);
    }

    [Fact]
    public void Update_TwoFiringClose_KeepsTheCurrentUntilMarginPassed()
    {
        var d = new EmotionDecider(Thresholds, new EmotionDecisionOptions { Smoothing = 1, SwitchMargin = 0.1 });
        Assert.Equal(Emotion.Surprise, d.Update([0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.8f]));
        // Fear slightly higher than surprise: within the margin, surprise stays.
        Assert.Equal(Emotion.Surprise, d.Update([0.1f, 0.1f, 0.1f, 0.84f, 0.1f, 0.1f, 0.8f]));
        // Fear clearly higher: switch.
        Assert.Equal(Emotion.Fear, d.Update([0.1f, 0.1f, 0.1f, 0.95f, 0.1f, 0.1f, 0.8f]));
    }

    [Fact]
    public void Reset_ForgetsHistory()
    {
        var d = new EmotionDecider(Thresholds, new EmotionDecisionOptions { Smoothing = 1 });
        d.Update([0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f]);
        d.Reset();
        Assert.Equal(Emotion.Neutral, d.Decided);
        Assert.Equal(0f, d.Scores[4]);
    }

    [Fact]
    public void Constructor_BadOptionsOrThresholds_ThrowNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => new EmotionDecider(Thresholds, new EmotionDecisionOptions { OffLevel = 0.9 }));
        Assert.Contains("OffLevel", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new EmotionDecider([0.5f], new EmotionDecisionOptions()));
        Assert.Throws<ArgumentException>(() => new EmotionDecider([0.5f, 0.5f, 0.5f, 0.5f, 1f, 0.5f, 0.5f], new EmotionDecisionOptions()));
    }
}
