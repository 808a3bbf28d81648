using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>
/// The first stage of one emotion's training: the network options chosen by CV on all 68 landmarks, the CV metrics
/// there, and the Integrated-Gradients ranking of the all-landmark network over the emotion's positive samples.
/// </summary>
public sealed record RankedEmotion(Emotion Emotion, RandomizedNetworkOptions Options, BinaryEvaluation AllLandmarks, LandmarkRanking Ranking);
