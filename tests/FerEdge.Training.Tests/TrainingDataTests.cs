using FerEdge.Capture;
using FerEdge.Core.Emotions;
using FerEdge.Testing;
using FerEdge.Training.Data;

namespace FerEdge.Training.Tests;

public sealed class TrainingDataTests
{
    [Fact]
    public void LabelsFileRead_CkPlus48_AllRowsWithSubjectsSequencesAndFrames()
    {
        var rows = LabelsFile.Read(TestPaths.Data("ckplus48"));
        Assert.Equal(981, rows.Count);
        Assert.Equal(Emotion.Anger, rows[0].Emotion);
        Assert.Equal("S010", rows[0].Subject);
        Assert.Equal("S010_004", rows[0].Sequence);
        Assert.Equal(17, rows[0].Frame);
        Assert.True(File.Exists(rows[0].Path));
        Assert.Equal(327, rows.Select(r => r.Sequence).Distinct().Count());
        Assert.DoesNotContain(rows, r => r.Emotion == Emotion.Neutral);
    }

    [Fact]
    public void LabelsFileRead_UnknownEmotion_ThrowsNamingFileAndLine()
    {
        var dir = TestPaths.NewScratchFolder("labels-bad");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), ["path,emotion", "a.png,happy", "b.png,bored"]);
        var e = Assert.Throws<InvalidDataException>(() => LabelsFile.Read(dir));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("bored", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsFileRead_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => LabelsFile.Read(TestPaths.NewScratchFolder("labels-none")));
    }

    [Fact]
    public void IsEvaluationPerson_FacesInTheWildPeople_SplitsRoughlyInHalfAndIsStable()
    {
        var people = LabelsFile.Read(TestPaths.Data("faces-in-the-wild")).Select(r => r.Subject).Distinct().ToArray();
        var held = people.Count(TrainingData.IsEvaluationPerson);
        Assert.InRange(held, people.Length * 0.4, people.Length * 0.6);
        Assert.Equal(held, people.Count(TrainingData.IsEvaluationPerson));
    }

    [Fact]
    public void LoadImage_CkPlusCropUpsampledFourTimes_Is192Square()
    {
        var rows = LabelsFile.Read(TestPaths.Data("ckplus48"));
        var gray = LandmarkExtractor.Load(rows[0].Path, 4);
        Assert.Equal(192, gray.Width);
        Assert.Equal(192, gray.Height);
        Assert.Contains(gray.Pixels.ToArray(), p => p > 0);
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.9, 0.2, 0.1, 0.1, 0.1, 0.3 }, Emotion.Contempt)]
    [InlineData(new[] { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 }, Emotion.Neutral)]
    [InlineData(new[] { 0.6, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1 }, Emotion.Happy)]
    public void EmotionDecisionDecide_ScoresAgainstHalfThresholds_HighestFiringOrNeutral(double[] scores, Emotion expected)
    {
        var thresholds = Enumerable.Repeat(0.5, 7).ToArray();
        Assert.Equal(expected, EmotionDecision.Decide(scores, thresholds));
        Assert.Equal(expected, EmotionDecision.Decide(scores.Select(v => (float)v).ToArray(), thresholds.Select(v => (float)v).ToArray()));
    }

    [Fact]
    public void EmotionDecisionDecide_WrongCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => EmotionDecision.Decide(new double[6], new double[7]));
    }
}
