using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;

namespace FerEdge.Training.Tests;

public sealed class EvaluationTests
{
    [Fact]
    public void SubjectKFold_Assign_NoSubjectInTwoFoldsAndAllFoldsUsed()
    {
        var subjects = SyntheticData.Small.Subjects.ToArray();
        var folds = SubjectKFold.Assign(subjects, 5, seed: 3);

        var foldOf = new Dictionary<string, int>();
        for (var i = 0; i < subjects.Length; i++)
        {
            Assert.Equal(folds[i], foldOf.GetValueOrDefault(subjects[i], folds[i]));
            foldOf[subjects[i]] = folds[i];
        }

        Assert.Equal(5, folds.Distinct().Count());
    }

    [Fact]
    public void SubjectKFold_Assign_SameSeedSameFoldsOtherSeedDifferent()
    {
        var subjects = SyntheticData.Small.Subjects.ToArray();
        Assert.Equal(SubjectKFold.Assign(subjects, 4, 9), SubjectKFold.Assign(subjects, 4, 9));
        Assert.NotEqual(SubjectKFold.Assign(subjects, 4, 9), SubjectKFold.Assign(subjects, 4, 10));
    }

    [Fact]
    public void SubjectKFold_TooFewSubjects_ThrowsNamingCount()
    {
        var e = Assert.Throws<ArgumentException>(() => SubjectKFold.Assign(["a", "b", "a"], 3, 1));
        Assert.Contains("2 subjects", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RocAuc_HandComputedCaseWithTie_MatchesPairCount()
    {
        // Positives 0.9, 0.4, 0.35; negatives 0.4, 0.2. Pairs won: 0.9 beats both (2), 0.4 ties 0.4 (0.5) and
        // beats 0.2 (1), 0.35 beats 0.2 (1): 4.5 of 6.
        double[] scores = [0.9, 0.4, 0.35, 0.4, 0.2];
        bool[] targets = [true, true, true, false, false];
        Assert.Equal(4.5 / 6, BinaryMetrics.RocAuc(scores, targets), 12);
    }

    [Fact]
    public void BalancedAccuracyAndF1_KnownCounts_MatchFormulas()
    {
        // threshold 0.5: tp = 2, fn = 1, fp = 1, tn = 3
        double[] scores = [0.9, 0.6, 0.1, 0.7, 0.2, 0.3, 0.4];
        bool[] targets = [true, true, true, false, false, false, false];
        Assert.Equal(0.5 * ((2.0 / 3) + (3.0 / 4)), BinaryMetrics.BalancedAccuracy(scores, targets, 0.5), 12);
        Assert.Equal(2.0 * 2 / ((2 * 2) + 1 + 1), BinaryMetrics.F1(scores, targets, 0.5), 12);
    }

    [Fact]
    public void BestBalancedAccuracyThreshold_SeparableScores_SplitsBetweenClasses()
    {
        double[] scores = [0.1, 0.2, 0.3, 0.8, 0.9];
        bool[] targets = [false, false, false, true, true];
        var t = BinaryMetrics.BestBalancedAccuracyThreshold(scores, targets);
        Assert.InRange(t, 0.3 + 1e-9, 0.8);
        Assert.Equal(1.0, BinaryMetrics.BalancedAccuracy(scores, targets, t));
    }

    [Fact]
    public void Decide_NoClassifierFires_IsNeutral()
    {
        double[] scores = [0.1, 0.2, 0.3, 0.4, 0.3, 0.2, 0.1];
        double[] thresholds = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        Assert.Equal(Emotion.Neutral, ConfusionMatrix.Decide(scores, thresholds));
    }

    [Fact]
    public void Decide_TwoFire_HighestScoringFiringOneWins()
    {
        // Fear scores highest but does not reach its threshold; surprise beats happy among the firing ones.
        double[] scores = [0.1, 0.1, 0.1, 0.95, 0.7, 0.1, 0.8];
        double[] thresholds = [0.5, 0.5, 0.5, 0.99, 0.5, 0.5, 0.5];
        Assert.Equal(Emotion.Surprise, ConfusionMatrix.Decide(scores, thresholds));
    }

    [Fact]
    public void ProgressivePruning_Run_ChoosesSmallestSubsetWithinHalfAPoint()
    {
        int[] ranking = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
        // accuracy by kept count: 10 → .90, 8 → .93, 6 → .927, 4 → .90, 2 → .70
        var accuracy = new Dictionary<int, double> { [10] = 0.90, [8] = 0.93, [6] = 0.927, [4] = 0.90, [2] = 0.70 };

        var result = ProgressivePruning.Run(ranking, 2, 2, kept => accuracy[kept.Length]);

        Assert.Equal(5, result.Steps.Count);
        Assert.Equal(8, result.Best.Kept.Length);
        Assert.Equal([10, 11, 12, 13, 14, 15], result.Chosen.Kept);
    }

    [Fact]
    public void ProgressivePruning_Columns_TwoFrameLayout_MapsXAndYOfEveryFrame()
    {
        var layout = new FeatureLayout([30, 48, 54], frames: 2);
        Assert.Equal([2, 3, 0, 1, 8, 9, 6, 7], ProgressivePruning.Columns(layout, [48, 30]));
    }

    [Fact]
    public void Confusion_OutOfFoldResults_CountsEverySampleOnce()
    {
        var data = SyntheticData.Small;
        var folds = SubjectKFold.Assign(data.Subjects, 4, seed: 2);
        var options = new Models.RandomizedNetworkOptions(Units: 48);
        var perEmotion = new List<OutOfFoldScores>();
        foreach (var emotion in EmotionLabels.Classified)
        {
            perEmotion.Add(CrossValidation.Run(data, emotion, folds, (s, t) => Models.RandomizedNetwork.Train(s, t, options)));
        }

        var confusion = CrossValidation.Confusion(data.Labels, perEmotion);

        Assert.Equal(data.Count, confusion.Total);
        Assert.InRange(confusion.Accuracy, 0.5, 1.0);
    }
}
