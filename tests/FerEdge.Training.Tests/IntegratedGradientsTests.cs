using FerEdge.Core.Emotions;
using FerEdge.Training.Explain;
using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

public sealed class IntegratedGradientsTests
{
    public static TheoryData<string> Models => new() { "randomized", "mlp" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Attribute_Completeness_SumEqualsScoreDifferenceWithinOnePercent(string kind)
    {
        var data = SyntheticData.Small;
        var targets = data.Targets(Emotion.Happy);
        IScoreModel model = kind == "mlp"
            ? MlpBaseline.Train(data, targets, new MlpOptions([32], Epochs: 20))
            : RandomizedNetwork.Train(data, targets, new RandomizedNetworkOptions(Units: 64));
        var baseline = SyntheticData.NeutralBaseline();
        var ig = new IntegratedGradients(data.Dimension, steps: 32);
        var attribution = new double[data.Dimension];
        var checkedRows = 0;

        for (var row = 0; row < data.Count; row++)
        {
            var expected = ig.Attribute(model, data.Row(row), baseline, attribution);
            if (Math.Abs(expected) < 0.05)
            {
                continue; // completeness is checked relative to the difference; skip near-zero differences
            }

            var sum = attribution.Sum();
            Assert.InRange(Math.Abs(sum - expected) / Math.Abs(expected), 0, 0.01);
            checkedRows++;
        }

        Assert.True(checkedRows > 20, $"only {checkedRows} rows had a score difference to check");
    }

    [Fact]
    public void LandmarkRanking_SyntheticHappy_RanksDisplacedMouthCornersAboveForehead()
    {
        // The synthetic happy expression moves the mouth corners 48 and 54 most; the brows do not move at all.
        var data = SyntheticData.Small;
        var net = RandomizedNetwork.Train(data, data.Targets(Emotion.Happy), new RandomizedNetworkOptions(Units: 64));
        var positives = data.Subset(Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == Emotion.Happy).ToArray());

        var ranking = LandmarkRanking.Compute(net, positives, SyntheticData.Layout, SyntheticData.NeutralBaseline(), 32);

        var order = ranking.LandmarksByImportance.ToArray();
        Assert.Contains(48, order[..10]);
        Assert.Contains(54, order[..10]);
        Assert.True(ranking.Importance[48] > ranking.Importance[19], "mouth corner should outrank a brow");
        Assert.Equal(68, ranking.ToLandmarkMap().Length);
    }

    [Fact]
    public void Constructor_FewerThan32Steps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntegratedGradients(10, steps: 16));
    }
}
