using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

public sealed class RandomizedNetworkTests
{
    [Theory]
    [InlineData(HiddenActivation.Tanh, ReadoutSource.AllLayers, 2)]
    [InlineData(HiddenActivation.Sigmoid, ReadoutSource.LastLayer, 3)]
    [InlineData(HiddenActivation.Tanh, ReadoutSource.LastLayer, 1)]
    public void ScoreWithGradient_TrainedNetwork_MatchesFiniteDifferences(HiddenActivation activation, ReadoutSource readout, int layers)
    {
        var data = SyntheticData.Small;
        var net = RandomizedNetwork.Train(data, data.Targets(Emotion.Happy), new RandomizedNetworkOptions(layers, 48, 1e-3, activation, readout, Seed: 3));

        for (var row = 0; row < data.Count; row += 97)
        {
            Assert.InRange(GradientChecks.MaxRelativeError(net, data.Row(row)), 0, 1e-5);
        }
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalScores()
    {
        var data = SyntheticData.Small;
        var options = new RandomizedNetworkOptions(Units: 32, Seed: 11);
        var a = RandomizedNetwork.Train(data, data.Targets(Emotion.Fear), options);
        var b = RandomizedNetwork.Train(data, data.Targets(Emotion.Fear), options);
        var c = RandomizedNetwork.Train(data, data.Targets(Emotion.Fear), options with { Seed = 12 });

        Assert.Equal(a.Score(data.Row(5)), b.Score(data.Row(5)));
        Assert.NotEqual(a.Score(data.Row(5)), c.Score(data.Row(5)));
    }

    [Theory]
    [InlineData(Emotion.Happy)]
    [InlineData(Emotion.Surprise)]
    [InlineData(Emotion.Sadness)]
    public void CrossValidation_SubjectFolds_SeparatesSyntheticEmotion(Emotion emotion)
    {
        var data = SyntheticData.Small;
        var folds = SubjectKFold.Assign(data.Subjects, 4, seed: 1);
        var options = new RandomizedNetworkOptions(Units: 64);

        var result = CrossValidation.Run(data, emotion, folds, (set, t) => RandomizedNetwork.Train(set, t, options)).Evaluate();

        Assert.InRange(result.Auc, 0.9, 1.0);
        Assert.InRange(result.BalancedAccuracy, 0.8, 1.0);
    }

    [Fact]
    public void Train_TargetsOfWrongLength_ThrowsNamingCounts()
    {
        var data = SyntheticData.Small;
        var e = Assert.Throws<ArgumentException>(() => RandomizedNetwork.Train(data, new bool[3], new RandomizedNetworkOptions()));
        Assert.Contains("3 targets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NonPositiveLambda_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomizedNetworkOptions(Lambda: 0).Validate());
    }
}
