using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>
/// The outcome for one emotion: the final network (trained on all data on the chosen landmark subset), its
/// decision threshold, the cross-validated metrics of that configuration, the pruning curve inside the shared union,
/// the Integrated-Gradients ranking on all landmarks, and the explanation of the shipped network with its FACS
/// agreement.
/// </summary>
/// <param name="Emotion">The emotion classified (one vs rest).</param>
/// <param name="Layout">The landmark subset the network reads, in input order.</param>
/// <param name="Alignment">68-layout landmarks the similarity alignment is fitted on (the tracked union, or the
/// layout's own landmarks when each classifier aligns on its subset).</param>
/// <param name="Options">Randomized-network settings chosen by CV on all landmarks.</param>
/// <param name="Network">The shipped network, trained on all data.</param>
/// <param name="Threshold">Score threshold maximising balanced accuracy on the training data.</param>
/// <param name="CrossValidated">Subject-independent CV metrics on the chosen subset.</param>
/// <param name="CrossValidatedAllLandmarks">The same on all 68 landmarks.</param>
/// <param name="Pruning">The emotion's pruning curve inside the shared union.</param>
/// <param name="Ranking">IG ranking of the all-landmark network (the emotion's share of the shared ranking).</param>
/// <param name="Explanation">Global explanation of the shipped network: 68-entry maps, 0 outside its subset.</param>
/// <param name="FacsIoU">FACS IoU of the explanation's |IG| map over every positive sample (0 for contempt, which has no region).</param>
/// <param name="FacsIoUEvidence">FACS IoU of the explanation's positive-evidence map, for comparison.</param>
/// <param name="FacsIoUAllLandmarks">FACS IoU of the all-landmark network's |IG| ranking map (the figure before the
/// explanation described the shipped network), for comparison.</param>
/// <param name="Ablation">CV of the same subset with the default network aligned on the subset itself and on the
/// union: the steps before <paramref name="CrossValidated"/>.</param>
/// <param name="Elapsed">Wall time spent on this emotion.</param>
public sealed record EmotionModel(
    Emotion Emotion,
    FeatureLayout Layout,
    int[] Alignment,
    RandomizedNetworkOptions Options,
    FeedForwardNetwork Network,
    double Threshold,
    BinaryEvaluation CrossValidated,
    BinaryEvaluation CrossValidatedAllLandmarks,
    PruningResult Pruning,
    LandmarkRanking Ranking,
    GlobalExplanation Explanation,
    float FacsIoU,
    float FacsIoUEvidence,
    float FacsIoUAllLandmarks,
    AlignmentAblation Ablation,
    TimeSpan Elapsed)
{
    /// <summary>This model's feature rows of <paramref name="data"/> (its layout, its alignment).</summary>
    public FeatureSet Features(LandmarkDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Features(Layout, Alignment);
    }

    /// <summary>This model's neutral IG baseline in <paramref name="data"/>'s reference.</summary>
    public double[] Baseline(LandmarkDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Baseline(Layout, Alignment);
    }
}
