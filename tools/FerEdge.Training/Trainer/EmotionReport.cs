using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>Everything reported for one emotion beyond its <see cref="EmotionModel"/>.</summary>
/// <param name="Model">The shipped model (network possibly replaced by the baseline when that won CV).</param>
/// <param name="Family">"randomized" or "mlp": the family shipped.</param>
/// <param name="MlpAll">Baseline MLP, subject-independent CV on all 68 landmarks.</param>
/// <param name="MlpPruned">Baseline MLP, CV on the pruned subset.</param>
/// <param name="Wild">Cross-dataset metrics on the held-out faces-in-the-wild people (NaN when the emotion is absent).</param>
/// <param name="WildPositives">Positives of this emotion among the held-out faces-in-the-wild images with a face.</param>
/// <param name="Fp32BalancedAccuracy">Balanced accuracy of the FP32 ONNX model in ONNX Runtime (training + held-out data).</param>
/// <param name="Int8BalancedAccuracy">Same for the INT8 QDQ model.</param>
/// <param name="Fp32MaxDifference">Largest |ONNX Runtime FP32 score - C# score| over those rows.</param>
public sealed record EmotionReport(
    EmotionModel Model,
    string Family,
    BinaryEvaluation MlpAll,
    BinaryEvaluation MlpPruned,
    BinaryEvaluation Wild,
    int WildPositives,
    double Fp32BalancedAccuracy,
    double Int8BalancedAccuracy,
    double Fp32MaxDifference)
{
    /// <summary>Trains this report's shipped family and settings with network seed <paramref name="seed"/>.</summary>
    public Func<FeatureSet, bool[], IScoreModel> Learner(int seed)
    {
        if (Family == Baseline.Mlp)
        {
            var mlp = Baseline.Options with { Seed = seed };
            return (set, t) => MlpBaseline.Train(set, t, mlp);
        }

        var rn = Model.Options with { Seed = seed };
        return (set, t) => RandomizedNetwork.Train(set, t, rn);
    }

    /// <summary>Trains the shipped family and settings with the shipped seed.</summary>
    public Func<FeatureSet, bool[], IScoreModel> ShippedLearner() => Learner(Family == Baseline.Mlp ? Baseline.Options.Seed : Model.Options.Seed);
}
