using FerEdge.Core.Emotions;

namespace FerEdge.Pipeline.Emotions;

/// <summary>
/// The shipped emotion classifiers as the pipeline sees them: seven binary scores from a 68-point shape, their
/// decision thresholds, the landmark subset they read, and explanations.
/// </summary>
/// <remarks>Implementations are not required to be thread-safe: the inference stage calls them from one thread.</remarks>
public interface IEmotionModel
{
    /// <summary>Identifiers of the loaded models (for the status topic).</summary>
    IReadOnlyList<string> ModelIds { get; }

    /// <summary>The landmark indices the classifiers read: the subset the tracker follows.</summary>
    ReadOnlySpan<int> TrackedLandmarks { get; }

    /// <summary>Decision threshold of each classifier in raw score units, ordered as <see cref="EmotionLabels.Classified"/>.</summary>
    ReadOnlySpan<float> Thresholds { get; }

    /// <summary>Writes the seven raw scores (0..1) for a shape of 68 points in pixels.</summary>
    void Score(ReadOnlySpan<float> shape, Span<float> scores);

    /// <summary>
    /// Explains <paramref name="emotion"/>'s classifier for <paramref name="shape"/>: per-landmark |attribution| (68
    /// values, zero outside the subset), the shape aligned to the canonical face (136 values) and the neutral reference
    /// in the same frame (136 values).
    /// </summary>
    void Explain(ReadOnlySpan<float> shape, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference);
}
