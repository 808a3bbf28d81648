using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Data;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>
/// Does a window of consecutive frames help? Compares the mean subject-independent CV balanced accuracy of the
/// default randomized network on all 68 landmarks, single frame against a window of <see cref="Frames"/> frames. The
/// window is kept only when it gains at least <see cref="MinimumGain"/>. Static and thread-safe.
/// </summary>
public static class WindowCheck
{
    /// <summary>Frames in the tried window (CK+48 holds 3 consecutive frames per sequence).</summary>
    public const int Frames = 3;

    /// <summary>Smallest gain in mean balanced accuracy that counts as measurable (half a point).</summary>
    public const double MinimumGain = 0.005;

    /// <summary>Outcome: mean balanced accuracies and per-emotion values for both variants.</summary>
    public sealed record Result(double OneFrame, double Window, double[] OneFramePerEmotion, double[] WindowPerEmotion)
    {
        public bool Keep => Window - OneFrame >= MinimumGain;
    }

    public static Result Run(TrainingData data, int[] folds)
    {
        ArgumentNullException.ThrowIfNull(data);
        var full = FeatureLayout.Full();
        var single = data.Dataset.Features(full);
        var window = data.WindowFeatures(full, Frames);
        var classified = EmotionLabels.Classified.ToArray();
        var a = new double[classified.Length];
        var b = new double[classified.Length];
        var options = new RandomizedNetworkOptions();
        Parallel.For(0, classified.Length, k =>
        {
            a[k] = CrossValidation.Run(single, classified[k], folds, (s, t) => RandomizedNetwork.Train(s, t, options)).Evaluate().BalancedAccuracy;
            b[k] = CrossValidation.Run(window, classified[k], folds, (s, t) => RandomizedNetwork.Train(s, t, options)).Evaluate().BalancedAccuracy;
        });

        return new Result(a.Average(), b.Average(), a, b);
    }
}
