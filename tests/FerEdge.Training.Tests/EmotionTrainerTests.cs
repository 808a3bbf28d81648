using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Tests;

public sealed class EmotionTrainerTests
{
    [Fact]
    public void Train_SyntheticHappy_KeepsSmallestNearBestSubsetWithMouthCorners()
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 12, MinimumKept: 8);
        var (data, folds) = Synthetic(options);

        var model = EmotionTrainer.Train(data, Emotion.Happy, folds, options);

        var best = model.Pruning.Best.Accuracy;
        Assert.InRange(model.CrossValidated.BalancedAccuracy, best - options.Tolerance, best);
        foreach (var step in model.Pruning.Steps)
        {
            if (step.Accuracy >= best - options.Tolerance)
            {
                Assert.True(step.Kept.Length >= model.Layout.LandmarkCount, "a smaller near-best subset was skipped");
            }
        }

        var kept = model.Layout.Indices.ToArray();
        Assert.True(kept.Contains(48) || kept.Contains(54), "the synthetic smile moves the mouth corners; pruning dropped both");
        Assert.Equal(model.Layout.Length, model.Network.InputLength);
        Assert.InRange(model.CrossValidated.Auc, 0.9, 1.0);
    }

    [Fact]
    public void Train_FacsPrior_KeepsOnlyLandmarksInsideTheEmotionsRegion()
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 12, MinimumKept: 8, FacsPrior: true);
        var (data, folds) = Synthetic(options);

        var model = EmotionTrainer.Train(data, Emotion.Happy, folds, options);

        var region = FacsRegions.For(Emotion.Happy).ToArray();
        Assert.All(model.Layout.Indices.ToArray(), i => Assert.Contains(i, region));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_AlignmentChoice_ModelFeaturesFitOnUnionOrOnOwnSubset(bool onUnion)
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 24, MinimumKept: 8, AlignOnUnion: onUnion);
        var (data, folds) = Synthetic(options);

        var model = EmotionTrainer.Train(data, Emotion.Surprise, folds, options);

        // Train prunes inside all 68 landmarks, so "the union" is the whole face here.
        var expected = onUnion ? Enumerable.Range(0, 68).ToArray() : model.Layout.Indices.ToArray();
        Assert.Equal(expected, model.Alignment);
        var features = model.Features(data);
        var direct = data.Features(model.Layout, expected);
        Assert.Equal(direct.Values.ToArray(), features.Values.ToArray());
    }

    [Fact]
    public void Train_HeldOutThresholds_ShipsTheThresholdOfTheOutOfFoldScores()
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 24, MinimumKept: 8, ThresholdFolds: 3);
        var (data, folds) = Synthetic(options);

        var model = EmotionTrainer.Train(data, Emotion.Sadness, folds, options);

        var expected = CrossValidation.HeldOutThreshold(model.Features(data), Emotion.Sadness, 3, options.Seed,
            (set, t) => Models.RandomizedNetwork.Train(set, t, model.Options));
        Assert.Equal(expected, model.Threshold);
    }

    [Fact]
    public void RobustnessCheck_SeedOne_ReproducesTheShippedCrossValidation()
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 24, MinimumKept: 8);
        var (data, folds) = Synthetic(options);
        var model = EmotionTrainer.Train(data, Emotion.Surprise, folds, options);
        var none = new BinaryEvaluation(double.NaN, double.NaN, double.NaN);
        var report = new EmotionReport(model, Baseline.Randomized, none, none, none, 0, double.NaN, double.NaN, double.NaN);

        var result = Assert.Single(RobustnessCheck.Run(data, [report], folds, options, seeds: 3));

        // The shipped network is seed 1 of the same options on the same folds: its CV is the first seed's.
        Assert.Equal(model.CrossValidated.BalancedAccuracy, result.PerSeed[0]);
        Assert.Equal(3, result.PerSeed.Length);
        Assert.All(result.PerSeed, a => Assert.InRange(a, 0.8, 1.0));
        Assert.InRange(result.Ensemble, 0.8, 1.0);
        Assert.InRange(result.HeldOutThreshold, 0.8, 1.0);
        Assert.InRange(result.HeldOutThresholdAllLandmarks, 0.8, 1.0);
    }

    [Fact]
    public void Train_WithoutEmotionPruning_ReadsTheWholeUnion()
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 12, MinimumKept: 8, PruneEachEmotion: false);
        var (data, folds) = Synthetic(options);

        var model = EmotionTrainer.Train(data, Emotion.Happy, folds, options);

        // Train's union is the whole face; without per-emotion pruning only that one step is evaluated and kept.
        Assert.Equal(68, model.Layout.LandmarkCount);
        Assert.Single(model.Pruning.Steps);
    }

    [Fact]
    public void Train_PruningSeeds_PrunesOnTheSeedMeanAndReportsTheShippedSeed()
    {
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 24, MinimumKept: 8, PruningSeeds: 2);
        var (data, folds) = Synthetic(options);

        var model = EmotionTrainer.Train(data, Emotion.Fear, folds, options);

        // Every step's accuracy is the mean of the shipped seed's CV and the next seed's, on the same folds.
        foreach (var step in model.Pruning.Steps)
        {
            var subset = data.Features(new Core.Features.FeatureLayout(step.Kept), step.Kept);
            var first = CrossValidation.Run(subset, Emotion.Fear, folds, (set, t) => Models.RandomizedNetwork.Train(set, t, model.Options)).Evaluate();
            var next = model.Options with { Seed = model.Options.Seed + 1 };
            var second = CrossValidation.Run(subset, Emotion.Fear, folds, (set, t) => Models.RandomizedNetwork.Train(set, t, next)).Evaluate();
            Assert.Equal((first.BalancedAccuracy + second.BalancedAccuracy) / 2, step.Accuracy, 12);
            if (step.Kept.Length == model.Layout.LandmarkCount)
            {
                Assert.Equal(first.BalancedAccuracy, model.CrossValidated.BalancedAccuracy);
            }
        }
    }

    /// <summary>The synthetic set every test trains on, with its subject folds for <paramref name="options"/>.</summary>
    private static (LandmarkDataset Data, int[] Folds) Synthetic(TrainerOptions options)
    {
        var data = LandmarkDataset.Synthetic(subjects: 12, samplesPerEmotion: 3, seed: 5);
        return (data, SubjectKFold.Assign(data.Subjects, options.Folds, options.Seed));
    }
}
