using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;
using FerEdge.Training.Models;

namespace FerEdge.Training.Explain;

/// <summary>
/// The global explanation of one shipped classifier, built the way Gaya-Morey et al. (2024) build theirs: local
/// explanations (here Integrated Gradients against the neutral reference face) averaged over the samples of the
/// expression, as a map of all 68 landmarks in which landmarks the classifier does not see are 0.
/// Two maps: <see cref="Magnitude"/>, mean |attr(x)| + |attr(y)| over every positive sample, the same per-landmark
/// quantity the runtime's explanation summary reports its FACS agreement on; and <see cref="Evidence"/>, the positive
/// evidence (per landmark the signed attribution summed over x and y, negative values clipped to 0) averaged over the
/// positive samples the classifier recognises (score at or above its threshold; all positives when it recognises
/// none), an alternative reported for comparison. Immutable.
/// </summary>
public sealed class GlobalExplanation
{
    private GlobalExplanation(float[] evidence, float[] magnitude, int explained, int positives)
    {
        Evidence = evidence;
        Magnitude = magnitude;
        Explained = explained;
        Positives = positives;
    }

    /// <summary>Positive evidence per landmark over the recognised positives (68 entries, 0 outside the subset).</summary>
    public float[] Evidence { get; }

    /// <summary>Mean |IG| per landmark over every positive sample (68 entries, 0 outside the subset); FACS agreement is computed on it.</summary>
    public float[] Magnitude { get; }

    /// <summary>How many positive samples the evidence map averages (the recognised ones).</summary>
    public int Explained { get; }

    /// <summary>How many positive samples the data hold.</summary>
    public int Positives { get; }

    /// <summary>
    /// Explains <paramref name="network"/>, which reads <paramref name="features"/> (rows aligned for
    /// <paramref name="layout"/>), over the rows labelled <paramref name="emotion"/>. Throws when there are none.
    /// </summary>
    public static GlobalExplanation Compute(IScoreModel network, double threshold, FeatureSet features, FeatureLayout layout, Emotion emotion,
        ReadOnlySpan<double> baseline, int igSteps)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(layout);
        if (features.Dimension != layout.Length || network.InputLength != layout.Length || baseline.Length != layout.Length)
        {
            throw new ArgumentException($"features ({features.Dimension}), network ({network.InputLength}) and baseline ({baseline.Length}) must match the layout length {layout.Length}");
        }

        var ig = new IntegratedGradients(layout.Length, igSteps);
        var attribution = new double[layout.Length];
        var evidenceAll = new double[layout.LandmarkCount];
        var evidenceRecognised = new double[layout.LandmarkCount];
        var magnitude = new double[layout.LandmarkCount];
        int positives = 0, recognised = 0;
        for (var i = 0; i < features.EvaluatedCount; i++)
        {
            if (features.Labels[i] != emotion)
            {
                continue;
            }

            positives++;
            var row = features.Row(i);
            var hit = network.Score(row) >= threshold;
            recognised += hit ? 1 : 0;
            ig.Attribute(network, row, baseline, attribution);
            for (var k = 0; k < layout.LandmarkCount; k++)
            {
                double signed = 0, absolute = 0;
                for (var f = 0; f < layout.Frames; f++)
                {
                    double ax = attribution[(f * layout.FrameLength) + (2 * k)], ay = attribution[(f * layout.FrameLength) + (2 * k) + 1];
                    signed += ax + ay;
                    absolute += Math.Abs(ax) + Math.Abs(ay);
                }

                var positive = Math.Max(0, signed);
                evidenceAll[k] += positive;
                evidenceRecognised[k] += hit ? positive : 0;
                magnitude[k] += absolute;
            }
        }

        if (positives == 0)
        {
            throw new ArgumentException($"no {emotion.ToLabel()} samples to explain", nameof(features));
        }

        var useRecognised = recognised > 0;
        return new GlobalExplanation(
            ToMap(useRecognised ? evidenceRecognised : evidenceAll, useRecognised ? recognised : positives, layout),
            ToMap(magnitude, positives, layout), useRecognised ? recognised : positives, positives);
    }

    private static float[] ToMap(double[] sums, int count, FeatureLayout layout)
    {
        var map = new float[Face68.PointCount];
        for (var k = 0; k < sums.Length; k++)
        {
            map[layout.Indices[k]] = (float)(sums[k] / count);
        }

        return map;
    }
}
