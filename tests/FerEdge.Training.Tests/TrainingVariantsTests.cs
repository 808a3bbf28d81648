using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

/// <summary>The measured training variants: class-balanced ridge, held-out thresholds and seed ensembles.</summary>
public sealed class TrainingVariantsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_Readout_SolvesTheWeightedRidgeNormalEquations(bool balance)
    {
        // Fear is rare in the synthetic set, so balancing changes the weights a lot.
        var data = SyntheticData.Small;
        var targets = data.Targets(Emotion.Fear);
        var options = new RandomizedNetworkOptions(Units: 24, Lambda: 0.05, Seed: 4, BalanceClasses: balance);
        var net = RandomizedNetwork.Train(data, targets, options);

        int n = data.Count, positives = targets.Count(t => t);
        var h = new double[net.ReadoutLength];
        var gradient = new double[net.ReadoutLength];
        double biasCondition = 0;
        for (var i = 0; i < n; i++)
        {
            var w = balance ? n / (2.0 * (targets[i] ? positives : n - positives)) : 1.0;
            var y = targets[i] ? RandomizedNetworkOptions.TargetLogit : -RandomizedNetworkOptions.TargetLogit;
            var residual = w * (net.Logit(data.Row(i)) - y);
            net.ReadoutFeatures(data.Row(i), h);
            biasCondition += residual;
            for (var c = 0; c < h.Length; c++)
            {
                gradient[c] += residual * h[c] / n;
            }
        }

        // Stationary point of (1/n) Σ w (h·β + β0 - y)² / 2 + λ |β|² / 2: both partial derivatives vanish.
        Assert.InRange(Math.Abs(biasCondition / n), 0, 1e-9);
        for (var c = 0; c < h.Length; c++)
        {
            Assert.InRange(Math.Abs(gradient[c] + (options.Lambda * net.OutputWeights[c])), 0, 1e-9);
        }
    }

    [Fact]
    public void Train_BalancedClasses_RaisesTheRareClassScores()
    {
        var data = SyntheticData.Small;
        var targets = data.Targets(Emotion.Fear);
        var plain = RandomizedNetwork.Train(data, targets, new RandomizedNetworkOptions(Units: 24, Seed: 4));
        var balanced = RandomizedNetwork.Train(data, targets, new RandomizedNetworkOptions(Units: 24, Seed: 4, BalanceClasses: true));

        double plainMean = 0, balancedMean = 0;
        var positives = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (targets[i])
            {
                plainMean += plain.Score(data.Row(i));
                balancedMean += balanced.Score(data.Row(i));
                positives++;
            }
        }

        Assert.True(positives < data.Count / 4, $"fear should be rare in the synthetic set, {positives} of {data.Count}");
        Assert.True(balancedMean > plainMean, $"mean positive score balanced {balancedMean / positives:F3} vs plain {plainMean / positives:F3}");
    }

    [Fact]
    public void HeldOutThreshold_IsTheBestThresholdOfTheInnerOutOfFoldScores()
    {
        var data = SyntheticData.Small;
        Func<FeatureSet, bool[], IScoreModel> learner = (set, t) => RandomizedNetwork.Train(set, t, new RandomizedNetworkOptions(Units: 32, Seed: 2));

        var threshold = CrossValidation.HeldOutThreshold(data, Emotion.Sadness, 4, 7, learner);

        var inner = CrossValidation.Run(data, Emotion.Sadness, SubjectKFold.Assign(data.Subjects, 4, 7), learner);
        var best = BinaryMetrics.BalancedAccuracy(inner.Scores, inner.Targets, threshold);
        foreach (var s in inner.Scores)
        {
            Assert.True(BinaryMetrics.BalancedAccuracy(inner.Scores, inner.Targets, s) <= best + 1e-12, $"threshold {s} beats {threshold}");
        }
    }

    [Fact]
    public void Run_WithThresholdFolds_UsesOneHeldOutThresholdPerFold()
    {
        var data = SyntheticData.Small;
        var folds = SubjectKFold.Assign(data.Subjects, 3, 1);
        Func<FeatureSet, bool[], IScoreModel> learner = (set, t) => RandomizedNetwork.Train(set, t, new RandomizedNetworkOptions(Units: 32, Seed: 2));

        var result = CrossValidation.Run(data, Emotion.Happy, folds, learner, thresholdFolds: 3, seed: 5);

        for (var fold = 0; fold < 3; fold++)
        {
            var train = data.Subset(SubjectKFold.Rows(folds, fold, inFold: false));
            var expected = CrossValidation.HeldOutThreshold(train, Emotion.Happy, 3, 5, learner);
            foreach (var row in SubjectKFold.Rows(folds, fold, inFold: true))
            {
                Assert.Equal(expected, result.Thresholds[row]);
            }
        }

        Assert.InRange(result.Evaluate().BalancedAccuracy, 0.8, 1.0);
    }

    [Fact]
    public void ScoreEnsemble_ScoreAndGradient_AreTheMembersMeans()
    {
        var data = SyntheticData.Small;
        var targets = data.Targets(Emotion.Surprise);
        var members = new IScoreModel[]
        {
            RandomizedNetwork.Train(data, targets, new RandomizedNetworkOptions(Units: 16, Seed: 1)),
            RandomizedNetwork.Train(data, targets, new RandomizedNetworkOptions(Units: 16, Seed: 2)),
            RandomizedNetwork.Train(data, targets, new RandomizedNetworkOptions(Units: 16, Seed: 3)),
        };
        var ensemble = new ScoreEnsemble(members);
        var x = data.Row(11).ToArray();

        var expected = members.Average(m => m.Score(x));
        Assert.Equal(expected, ensemble.Score(x), 12);
        Assert.InRange(GradientChecks.MaxRelativeError(ensemble, x), 0, 1e-5);
    }

    [Fact]
    public void ScoreEnsemble_MembersOfDifferentInputs_ThrowsNamingLengths()
    {
        var data = SyntheticData.Small;
        var a = RandomizedNetwork.Train(data, data.Targets(Emotion.Happy), new RandomizedNetworkOptions(Units: 8));
        var narrow = data.SelectColumns([0, 1, 2, 3]);
        var b = RandomizedNetwork.Train(narrow, narrow.Targets(Emotion.Happy), new RandomizedNetworkOptions(Units: 8));

        var e = Assert.Throws<ArgumentException>(() => new ScoreEnsemble([a, b]));
        Assert.Contains($"{a.InputLength} and 4", e.Message, StringComparison.Ordinal);
    }
}
