using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Tests;

public sealed class UnionPruningTests
{
    [Fact]
    public void SharedRanking_Combine_NormalisesEachEmotionBeforeSumming()
    {
        // Emotion A has 100x larger attributions, split evenly over 5 and 6 (shares 0.5 each); emotion B puts a
        // 0.9 share on 10 and 0.1 on 11. Summing raw values would rank 5 and 6 first; shares rank 10 first.
        var a = new double[68];
        a[5] = 100;
        a[6] = 100;
        var b = new double[68];
        b[10] = 0.9;
        b[11] = 0.1;

        var shared = SharedRanking.Combine([LandmarkRanking.FromImportance(a, FeatureLayout.Full()), LandmarkRanking.FromImportance(b, FeatureLayout.Full())]);

        Assert.Equal([10, 5, 6, 11], shared.LandmarksByImportance[..4].ToArray());
        Assert.Equal(0.9, shared.Importance[10], 12);
        Assert.Equal(0.5, shared.Importance[5], 12);
    }

    [Fact]
    public void SharedRanking_Combine_RankingWithoutAttribution_Throws()
    {
        var zero = LandmarkRanking.FromImportance(new double[68], FeatureLayout.Full());

        var e = Assert.Throws<ArgumentException>(() => SharedRanking.Combine([zero]));
        Assert.Contains("no attribution", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnionPruning_Run_RuleWithinCap_ChoosesSmallestPrefixNearBestMean()
    {
        var ranking = Enumerable.Range(0, 20).Reverse().ToArray();
        // Emotion 0 peaks at 12 landmarks, emotion 1 is flat: means by size 20 .90, 16 .92, 12 .94, 8 .937, 4 .80.
        var byEmotion = new Dictionary<int, double[]>
        {
            [20] = [0.90, 0.90], [16] = [0.94, 0.90], [12] = [0.98, 0.90], [8] = [0.974, 0.90], [4] = [0.70, 0.90],
        };

        var result = UnionPruning.Run(ranking, 4, 4, maximumUnion: 16, emotions: 2, (kept, e) => byEmotion[kept.Length][e]);

        Assert.False(result.Capped);
        Assert.Equal(5, result.Mean.Steps.Count);
        Assert.Equal(12, result.Mean.Best.Kept.Length);
        Assert.Equal(ranking[..8], result.Union);
        Assert.Equal(0.937, result.Mean.Chosen.Accuracy, 12);
        Assert.Equal(0.974, result.PerEmotion[3][0], 12);
    }

    [Fact]
    public void UnionPruning_Run_RuleAboveCap_TakesMostAccuratePrefixWithinCap()
    {
        var ranking = Enumerable.Range(0, 68).ToArray();
        // Accuracy grows with every landmark kept, so the rule alone would keep all 68.
        var result = UnionPruning.Run(ranking, 4, 8, maximumUnion: 34, emotions: 3, (kept, e) => 0.5 + (kept.Length / 200.0) + (e / 1000.0));

        Assert.True(result.Capped);
        Assert.Equal(68, result.Mean.Best.Kept.Length);
        Assert.Equal(34, result.Union.Length);
        Assert.Equal(ranking[..34], result.Union);
        Assert.Contains(result.Mean.Steps, s => s.Kept.Length == 32);
    }

    [Fact]
    public void TrainAll_SyntheticData_EveryClassifierInsideCappedUnionAndExplainedOnItsSubset()
    {
        var data = LandmarkDataset.Synthetic(subjects: 12, samplesPerEmotion: 3, seed: 5);
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 12, MinimumKept: 8, MaximumUnion: 20);

        var trained = EmotionTrainer.TrainAll(data, options);

        Assert.True(trained.UnionPruning.Union.Length <= 20, $"union of {trained.UnionPruning.Union.Length}");
        var union = trained.UnionPruning.Union.ToHashSet();
        Assert.All(trained.TrackedUnion(), i => Assert.Contains(i, union));
        Assert.Equal(EmotionLabels.Classified.Length, trained.Models.Count);
        foreach (var m in trained.Models)
        {
            var subset = m.Layout.Indices.ToArray().ToHashSet();
            var map = m.Explanation.Magnitude;
            Assert.Equal(68, map.Length);
            for (var i = 0; i < 68; i++)
            {
                if (!subset.Contains(i))
                {
                    Assert.Equal(0f, map[i]);
                    Assert.Equal(0f, m.Explanation.Evidence[i]);
                }
            }

            Assert.Contains(map, v => v > 0);
            Assert.InRange(m.Explanation.Explained, 1, m.Explanation.Positives);
            Assert.Equal(FacsAgreement.IntersectionOverUnion(map, m.Emotion), m.FacsIoU);
        }

        var happy = trained.Models.Single(m => m.Emotion == Emotion.Happy).Layout.Indices.ToArray();
        Assert.True(happy.Contains(48) || happy.Contains(54), "the synthetic smile moves the mouth corners; the happy subset dropped both");
    }
}
