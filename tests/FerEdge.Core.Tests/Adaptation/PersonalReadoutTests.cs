using FerEdge.Core.Adaptation;
using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Adaptation;

public sealed class PersonalReadoutTests
{
    // Classified order: anger, contempt, disgust, fear, happy, sadness, surprise. This face reads as sadness.
    private static readonly float[] SadLooking = [0.05f, 0.04f, 0.06f, 0.1f, 0.2f, 0.8f, 0.05f];

    [Fact]
    public void Correct_AFrameReadWrong_RaisesTheLabelledEmotionAboveTheWrongOne()
    {
        var readout = new PersonalReadout();
        var frames = Repeat(SadLooking, 10);
        for (var i = 0; i < 5; i++)
        {
            readout.Correct(Emotion.Happy, frames);
        }

        var p = SadLooking.ToArray();
        readout.Apply(p);

        Assert.Equal(5, readout.Count);
        Assert.True(p[4] > 0.5f, $"happy {p[4]}");
        Assert.True(p[5] < 0.5f, $"sadness {p[5]}");
        Assert.True(p[4] > p[5]);
    }

    [Fact]
    public void Undo_AfterACorrection_RestoresTheEarlierOutputExactly()
    {
        var readout = new PersonalReadout();
        readout.Correct(Emotion.Happy, Repeat(SadLooking, 3));
        var before = SadLooking.ToArray();
        readout.Apply(before);

        readout.Correct(Emotion.Anger, Repeat([0.3f, 0.1f, 0.2f, 0.1f, 0.6f, 0.1f, 0.1f], 4));
        Assert.True(readout.Undo());
        var after = SadLooking.ToArray();
        readout.Apply(after);

        Assert.Equal(1, readout.Count);
        for (var e = 0; e < 7; e++)
        {
            Assert.Equal(before[e], after[e], 5);
        }
    }

    [Fact]
    public void Undo_WithNothingLeft_ReturnsFalse()
    {
        Assert.False(new PersonalReadout().Undo());
    }

    [Fact]
    public void Reset_AfterCorrections_GivesThePopulationOutputAgain()
    {
        var readout = new PersonalReadout();
        readout.Correct(Emotion.Happy, Repeat(SadLooking, 5));
        readout.Correct(Emotion.Neutral, Repeat(SadLooking, 5));

        readout.Reset();
        var p = SadLooking.ToArray();
        readout.Apply(p);

        Assert.Equal(0, readout.Count);
        Assert.True(readout.IsPopulation);
        Assert.Equal(SadLooking, p);
    }

    [Fact]
    public void Correct_WithNoFrames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PersonalReadout().Correct(Emotion.Happy, []));
    }

    private static float[] Repeat(float[] frame, int n)
    {
        var all = new float[frame.Length * n];
        for (var i = 0; i < n; i++)
        {
            frame.CopyTo(all, i * frame.Length);
        }

        return all;
    }
}
