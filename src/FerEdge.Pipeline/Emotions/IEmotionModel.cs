using FerEdge.Core.Emotions;
using FerEdge.Core.Imaging;

namespace FerEdge.Pipeline.Emotions;

/// <summary>
/// The shipped emotion classifiers as the pipeline sees them: seven calibrated probabilities from a 68-point shape and
/// the appearance at its landmarks, the landmark subset they read, and explanations.
/// </summary>
/// <remarks>
/// <see cref="Describe"/> runs on the perception thread (the frame is in memory only there), scoring and explaining on
/// the inference thread; implementations keep the two apart but are otherwise not thread-safe.
/// </remarks>
public interface IEmotionModel
{
    /// <summary>Identifiers of the loaded models (for the status topic).</summary>
    IReadOnlyList<string> ModelIds { get; }

    /// <summary>The landmark indices the classifiers read: the subset the tracker follows.</summary>
    ReadOnlySpan<int> TrackedLandmarks { get; }

    /// <summary>Values of the appearance <see cref="Describe"/> writes; 0 when the classifiers read positions only.</summary>
    int AppearanceLength { get; }

    /// <summary>Computes the appearance of a face (shape in the pixels of <paramref name="gray"/>) into <paramref name="appearance"/>.</summary>
    bool Describe(GrayImage gray, ReadOnlySpan<float> shape, Span<float> appearance);

    /// <summary>Writes the seven calibrated probabilities (0..1, <see cref="EmotionLabels.Classified"/> order) for a shape of 68 points in pixels and its appearance.</summary>
    void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities);

    /// <summary>
    /// Explains <paramref name="emotion"/>'s classifier for <paramref name="shape"/>: per-landmark |attribution| (68
    /// values, zero outside the subset), the shape aligned to the canonical face (136 values) and the neutral reference
    /// in the same frame (136 values).
    /// </summary>
    void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference);

    /// <summary>
    /// Values of the classifiers' inputs per face (all classifiers one after another), the space a person's neutral
    /// shift lives in; 0 when the model takes no shift (then no neutral can be calibrated).
    /// </summary>
    int InputLength => 0;

    /// <summary>The classifiers' population neutral inputs (<see cref="InputLength"/> values).</summary>
    float[] Baselines() => [];

    /// <summary>Per input, true for a landmark coordinate, false for an appearance value (<see cref="InputLength"/> values).</summary>
    bool[] PositionInputs() => [];

    /// <summary>Writes the classifiers' inputs for a face (<see cref="InputLength"/> values); false when they cannot be formed.</summary>
    bool Inputs(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> inputs) => false;

    /// <summary>
    /// Aligns a 68-point shape (pixels) to the canonical face the explanations' cues are measured in (136 values, the
    /// frame of <see cref="Explain(ReadOnlySpan{float}, ReadOnlySpan{float}, Emotion, Span{float}, Span{float}, Span{float})"/>'s
    /// reference); false when it cannot.
    /// </summary>
    bool Align(ReadOnlySpan<float> shape, Span<float> aligned) => false;

    /// <summary><see cref="Score(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> with a person's neutral <paramref name="shift"/> added to the inputs (empty: none).</summary>
    void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities, ReadOnlySpan<float> shift) =>
        Score(shape, appearance, probabilities);

    /// <summary><see cref="Explain(ReadOnlySpan{float}, ReadOnlySpan{float}, Emotion, Span{float}, Span{float}, Span{float})"/> with a person's neutral <paramref name="shift"/> (empty: none).</summary>
    void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference, ReadOnlySpan<float> shift) =>
        Explain(shape, appearance, emotion, attribution, alignedShape, reference);
}
