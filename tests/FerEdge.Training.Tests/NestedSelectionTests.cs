using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

public sealed class NestedSelectionTests
{
    [Fact]
    public void Choose_UselessCandidateListedFirst_PicksTheUsefulOne()
    {
        // A penalty of 1e9 shrinks the readout to nothing: constant scores, balanced accuracy 0.5 in the inner CV.
        var useless = new RandomizedNetworkOptions(Units: 16, Lambda: 1e9, DirectLink: false);
        var useful = new RandomizedNetworkOptions(Units: 64);

        var chosen = NestedSelection.Choose(SyntheticData.Small, Emotion.Happy, [useless, useful], innerFolds: 4, seed: 1);

        Assert.Same(useful, chosen);
    }

    [Fact]
    public void Learner_InOuterCrossValidation_ScoresEveryRowFromModelsThatNeverSawIt()
    {
        var data = SyntheticData.Small;
        var folds = SubjectKFold.Assign(data.Subjects, 4, 2);
        var candidates = new[] { new RandomizedNetworkOptions(Units: 32), new RandomizedNetworkOptions(Units: 64, Lambda: 1.0) };

        var result = CrossValidation.Run(data, Emotion.Surprise, folds, NestedSelection.Learner(Emotion.Surprise, candidates, innerFolds: 3, seed: 1)).Evaluate();

        Assert.InRange(result.Auc, 0.9, 1.0);
    }

    [Fact]
    public void Choose_NoCandidates_Throws()
    {
        Assert.Throws<ArgumentException>(() => NestedSelection.Choose(SyntheticData.Small, Emotion.Happy, [], 3, 1));
    }
}
