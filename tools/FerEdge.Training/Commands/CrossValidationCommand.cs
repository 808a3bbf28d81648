using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;
using FerEdge.Training.Synthetic;

namespace FerEdge.Training.Commands;

/// <summary><c>fer-train cv</c>: subject-grouped cross-validation of one configuration on synthetic data.</summary>
public static class CrossValidationCommand
{
    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var subjects = options.Count("subjects", 30, 4, 10_000);
        var folds = options.Count("folds", 5, 2, 100);
        var seed = options.Count("seed", 1, 0, int.MaxValue);
        var kind = options.Choice("model", "rn", "rn", "mlp");
        var rn = new RandomizedNetworkOptions(
            options.Count("layers", 2, 1, 16),
            options.Count("units", 128, 1, 4096),
            options.Number("lambda", 0.1),
            options.Choice("activation", "tanh", "tanh", "sigmoid") == "tanh" ? HiddenActivation.Tanh : HiddenActivation.Sigmoid,
            options.Choice("readout", "all", "all", "last") == "all" ? ReadoutSource.AllLayers : ReadoutSource.LastLayer,
            seed);
        options.RejectUnknown();

        var data = SynthesiseFeatures(subjects, 3, seed);
        var assignment = SubjectKFold.Assign(data.Subjects, folds, seed);
        Func<FeatureSet, bool[], IScoreModel> train = kind == "mlp"
            ? (set, t) => MlpBaseline.Train(set, t, MlpOptions.Default with { Seed = seed })
            : (set, t) => RandomizedNetwork.Train(set, t, rn);

        var clock = Stopwatch.StartNew();
        var results = new List<OutOfFoldScores>();
        Console.WriteLine($"{data.Count} samples, {subjects} subjects, {folds} subject folds, model {kind} {(kind == "rn" ? rn.ToString() : string.Empty)}");
        foreach (var emotion in EmotionLabels.Classified)
        {
            var r = CrossValidation.Run(data, emotion, assignment, train);
            results.Add(r);
            var e = r.Evaluate();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {emotion.ToLabel(),-9} auc {e.Auc:F3}  balanced_accuracy {e.BalancedAccuracy:F3}  f1 {e.F1:F3}"));
        }

        var confusion = CrossValidation.Confusion(data.Labels, results);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  decided-label accuracy {confusion.Accuracy:F3}; {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>Synthetic shapes aligned to the synthetic mean face on the full layout.</summary>
    internal static FeatureSet SynthesiseFeatures(int subjects, int perEmotion, int seed)
    {
        var (shapes, labels, ids) = SyntheticFaces.Generate(subjects, perEmotion, seed);
        var aligner = new FaceAligner(SyntheticFaces.MeanFace(), FeatureLayout.Full());
        return FeatureBuilder.Build(aligner, shapes, labels, ids);
    }
}
