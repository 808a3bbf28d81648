using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;
using FerEdge.Training.Models;

namespace FerEdge.Training.Pipeline;

/// <summary>
/// The outcome for one emotion: the final network (trained on all data on the chosen landmark subset), its
/// decision threshold, the cross-validated metrics of that configuration, the pruning curve, the Integrated-Gradients
/// ranking on all landmarks and its FACS agreement.
/// </summary>
public sealed record EmotionModel(
    Emotion Emotion,
    FeatureLayout Layout,
    RandomizedNetworkOptions Options,
    FeedForwardNetwork Network,
    double Threshold,
    BinaryEvaluation CrossValidated,
    BinaryEvaluation CrossValidatedAllLandmarks,
    PruningResult Pruning,
    LandmarkRanking Ranking,
    float FacsIoU,
    TimeSpan Elapsed);
