using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Emotions;

public sealed class EmotionDeciderTests
{
    private static readonly float[] Calm = [0.02f, 0.02f, 0.02f, 0.02f, 0.05f, 0.05f, 0.02f];
    private static readonly float[] Smile = [0.02f, 0.01f, 0.01f, 0.01f, 0.9f, 0.01f, 0.02f];
    private static readonly float[] Sad = [0.05f, 0.01f, 0.02f, 0.05f, 0.01f, 0.7f, 0.01f];

    [Fact]
    public void Distribution_NeutralTakesWhatTheSevenLeave_AndSumsToOne()
    {
        Span<float> d = stackalloc float[8];
        EmotionDecision.Distribution(Calm, d);
        Assert.Equal(0.8f, d[(int)Emotion.Neutral], 5);
        Assert.Equal(0.05f, d[(int)Emotion.Happy], 5);
        var sum = 0f;
        foreach (var v in d)
        {
            sum += v;
        }

        Assert.Equal(1f, sum, 5);
        Assert.Equal(Emotion.Neutral, EmotionDecision.Largest(d));
    }

    [Fact]
    public void Distribution_SevenSumAboveOne_NeutralZeroAndScaled()
    {
        Span<float> d = stackalloc float[8];
        EmotionDecision.Distribution([0.6f, 0, 0, 0, 0.9f, 0, 0], d);
        Assert.Equal(0f, d[(int)Emotion.Neutral]);
        Assert.Equal(0.6f, d[(int)Emotion.Happy], 5);
        Assert.Equal(0.4f, d[(int)Emotion.Anger], 5);
        Assert.Equal(Emotion.Happy, EmotionDecision.DecideCalibrated([0.6f, 0, 0, 0, 0.9f, 0, 0]));
    }

    [Fact]
    public void Distribution_NotFiniteProbability_CountsAsZero()
    {
        Span<float> d = stackalloc float[8];
        EmotionDecision.Distribution([float.NaN, 0, 0, 0, 0.5f, 0, float.PositiveInfinity], d);
        Assert.Equal(0f, d[(int)Emotion.Anger]);
        Assert.Equal(0.5f, d[(int)Emotion.Neutral], 5);
    }

    [Fact]
    public void Update_FirstFrame_DecidesItsLargestLabel()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions());
        Assert.Equal(Emotion.Happy, d.Update(Smile, 0));
        Assert.Equal(Emotion.Happy, d.Decided);
        Assert.InRange(d.Confidence, 0.8f, 0.95f);
        Assert.Equal(Emotion.Neutral, new EmotionDecider(new EmotionDecisionOptions()).Update(Calm, 0));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    public void Update_HeldSmile_DecidedWithinHalfASecondAtAnyFrameRate_WithTheShippedSettings(int fps)
    {
        var d = new EmotionDecider(new EmotionDecisionOptions());
        var t = 0.0;
        for (var i = 0; i < fps; i++, t += 1.0 / fps)
        {
            d.Update(Calm, t);
        }

        var start = t;
        double? decidedAt = null;
        for (var i = 0; i < fps; i++, t += 1.0 / fps)
        {
            if (d.Update(Smile, t) == Emotion.Happy)
            {
                decidedAt ??= t - start;
            }
        }

        Assert.NotNull(decidedAt);
        Assert.InRange(decidedAt!.Value, 0.05, 0.5);
    }

    [Fact]
    public void Update_OneOddFrame_DoesNotSwitch()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions { SmoothingSeconds = 0.2, SwitchMargin = 0.1 });
        for (var i = 0; i < 20; i++)
        {
            d.Update(Smile, i / 15.0);
        }

        Assert.Equal(Emotion.Happy, d.Update(Sad, 20 / 15.0));
        Assert.Equal(Emotion.Happy, d.Update(Smile, 21 / 15.0));
    }

    [Fact]
    public void Update_SwitchMargin_HoldsTheDecidedLabelWhileTheOtherLeadsByLess()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions { SmoothingSeconds = 0, SwitchMargin = 0.2 });
        Assert.Equal(Emotion.Happy, d.Update([0, 0, 0, 0, 0.5f, 0.4f, 0], 0));
        // Sadness now leads by 0.1 < 0.2: happy holds; by 0.3 it switches.
        Assert.Equal(Emotion.Happy, d.Update([0, 0, 0, 0, 0.45f, 0.55f, 0], 0.1));
        Assert.Equal(Emotion.Sadness, d.Update([0, 0, 0, 0, 0.35f, 0.65f, 0], 0.2));
        Assert.Equal(0.65f, d.Confidence, 5);
    }

    [Fact]
    public void Update_NoSmoothing_FollowsEachFrame()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions { SmoothingSeconds = 0, SwitchMargin = 0 });
        Assert.Equal(Emotion.Happy, d.Update(Smile, 0));
        Assert.Equal(Emotion.Sadness, d.Update(Sad, 0.01));
        Assert.Equal(0.7f, d.Scores[5], 5);
    }

    [Fact]
    public void Update_SameTimestamp_AddsNoWeight()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions { SmoothingSeconds = 0.2, SwitchMargin = 0 });
        d.Update(Calm, 1);
        Assert.Equal(Emotion.Neutral, d.Update(Smile, 1));
        Assert.Equal(Emotion.Neutral, d.Update(Smile, 0.5)); // time going back adds nothing either
    }

    [Fact]
    public void Reset_ForgetsHistory()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions());
        d.Update(Smile, 0);
        d.Reset();
        Assert.Equal(0f, d.Confidence);
        Assert.Equal(Emotion.Sadness, d.Update(Sad, 5));
    }

    [Theory]
    [InlineData(-0.1, 0.1)]
    [InlineData(11, 0.1)]
    [InlineData(0.2, 1.0)]
    [InlineData(0.2, -0.01)]
    public void Options_OutOfRange_Throw(double seconds, double margin)
    {
        Assert.ThrowsAny<ArgumentException>(() => new EmotionDecider(new EmotionDecisionOptions { SmoothingSeconds = seconds, SwitchMargin = margin }));
    }

    [Fact]
    public void Update_WrongLength_Throws()
    {
        var d = new EmotionDecider(new EmotionDecisionOptions());
        Assert.Throws<ArgumentException>(() => d.Update([0.1f, 0.2f], 0));
    }
}
