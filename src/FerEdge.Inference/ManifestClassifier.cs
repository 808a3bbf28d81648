using FerEdge.Core.Emotions;

namespace FerEdge.Inference;

/// <summary>One classifier entry of a <see cref="ModelManifest"/>: absolute file paths, checked on load.</summary>
/// <param name="Emotion">The emotion it detects (one vs the rest).</param>
/// <param name="Landmarks">68-layout indices of its input, in feature order.</param>
/// <param name="AlignmentLandmarks">68-layout indices the similarity alignment of its input is fitted on (the
/// manifest's <c>alignment_landmarks</c>; its own <paramref name="Landmarks"/> when the manifest names none).</param>
/// <param name="Threshold">Decision threshold on its score.</param>
/// <param name="Baseline">The neutral reference aligned onto itself for this subset: the IG baseline.</param>
/// <param name="Int8Path">The shipped INT8 QDQ model.</param>
/// <param name="Fp32Path">The FP32 model.</param>
/// <param name="GradientPath">The gradient model for explanations.</param>
public sealed record ManifestClassifier(
    Emotion Emotion,
    IReadOnlyList<int> Landmarks,
    IReadOnlyList<int> AlignmentLandmarks,
    float Threshold,
    IReadOnlyList<float> Baseline,
    string Int8Path,
    string Fp32Path,
    string GradientPath);
