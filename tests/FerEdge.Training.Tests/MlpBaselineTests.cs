using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

public sealed class MlpBaselineTests
{
    [Theory]
    [InlineData(new[] { 24 })]
    [InlineData(new[] { 24, 12 })]
    public void ScoreWithGradient_TrainedMlp_MatchesFiniteDifferences(int[] hidden)
    {
        var data = SyntheticData.Small;
        var net = MlpBaseline.Train(data, data.Targets(Emotion.Surprise), new MlpOptions(hidden, Epochs: 5));

        for (var row = 0; row < data.Count; row += 101)
        {
            Assert.InRange(GradientChecks.MaxRelativeError(net, data.Row(row)), 0, 1e-5);
        }
    }

    [Fact]
    public void Train_SyntheticHappy_SeparatesHeldOutSubjects()
    {
        var data = SyntheticData.Small;
        var folds = SubjectKFold.Assign(data.Subjects, 4, seed: 1);

        var result = CrossValidation.Run(data, Emotion.Happy, folds,
            (set, t) => MlpBaseline.Train(set, t, new MlpOptions([32], Epochs: 40))).Evaluate();

        Assert.InRange(result.Auc, 0.9, 1.0);
    }

    [Fact]
    public void Options_ThreeHiddenLayers_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpOptions([4, 4, 4]).Validate());
    }
}
