using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Pipeline;

namespace FerEdge.Training.Tests;

public sealed class EmotionTrainerTests
{
    [Fact]
    public void Train_SyntheticHappy_KeepsSmallestNearBestSubsetWithMouthCorners()
    {
        var data = LandmarkDataset.Synthetic(subjects: 12, samplesPerEmotion: 3, seed: 5);
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 12, MinimumKept: 8);
        var folds = SubjectKFold.Assign(data.Subjects, options.Folds, options.Seed);

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
        var data = LandmarkDataset.Synthetic(subjects: 12, samplesPerEmotion: 3, seed: 5);
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 12, MinimumKept: 8, FacsPrior: true);
        var folds = SubjectKFold.Assign(data.Subjects, options.Folds, options.Seed);

        var model = EmotionTrainer.Train(data, Emotion.Happy, folds, options);

        var region = FacsRegions.For(Emotion.Happy).ToArray();
        Assert.All(model.Layout.Indices.ToArray(), i => Assert.Contains(i, region));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_AlignmentChoice_ModelFeaturesFitOnUnionOrOnOwnSubset(bool onUnion)
    {
        var data = LandmarkDataset.Synthetic(subjects: 12, samplesPerEmotion: 3, seed: 5);
        var options = new TrainerOptions(Folds: 4, RemovePerStep: 24, MinimumKept: 8, AlignOnUnion: onUnion);
        var folds = SubjectKFold.Assign(data.Subjects, options.Folds, options.Seed);

        var model = EmotionTrainer.Train(data, Emotion.Surprise, folds, options);

        // Train prunes inside all 68 landmarks, so "the union" is the whole face here.
        var expected = onUnion ? Enumerable.Range(0, 68).ToArray() : model.Layout.Indices.ToArray();
        Assert.Equal(expected, model.Alignment);
        var features = model.Features(data);
        var direct = data.Features(model.Layout, expected);
        Assert.Equal(direct.Values.ToArray(), features.Values.ToArray());
    }
}
