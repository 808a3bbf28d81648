using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Core.Imaging;
using FerEdge.Inference;

namespace FerEdge.Pipeline.Emotions;

/// <summary>
/// The shipped <see cref="EmotionModelSet"/> as the pipeline's <see cref="IEmotionModel"/>: scores through the INT8
/// (or FP32) classifiers, explains through the gradient models, and aligns the full shape to the manifest's
/// neutral reference for the plain-language cues.
/// </summary>
/// <remarks>Not thread-safe (the model set is not). Does not own the model set.</remarks>
public sealed class EmotionModelAdapter : IEmotionModel
{
    private readonly EmotionModelSet _models;
    private readonly FaceAligner _fullAligner;
    private readonly float[] _reference;

    /// <summary>Wraps <paramref name="models"/>.</summary>
    public EmotionModelAdapter(EmotionModelSet models)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
        _reference = models.Manifest.Reference.ToArray();
        _fullAligner = new FaceAligner(_reference, FeatureLayout.Full());
        ModelIds = models.Manifest.Classifiers
            .Select(c => Path.GetFileNameWithoutExtension(c.Int8Path))
            .ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ModelIds { get; }

    /// <inheritdoc />
    public ReadOnlySpan<int> TrackedLandmarks => _models.TrackedLandmarks;

    /// <inheritdoc />
    public int AppearanceLength => _models.AppearanceLength;

    /// <inheritdoc />
    public bool Describe(GrayImage gray, ReadOnlySpan<float> shape, Span<float> appearance) => _models.Describe(gray, shape, appearance);

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities) =>
        Score(shape, appearance, probabilities, default);

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities, ReadOnlySpan<float> shift)
    {
        _models.Score(shape, appearance, probabilities, shift);
        _models.ToProbabilities(probabilities);
    }

    /// <inheritdoc />
    public bool Align(ReadOnlySpan<float> shape, Span<float> aligned) => _fullAligner.TryAlign(shape, aligned);

    /// <inheritdoc />
    public int InputLength => _models.InputLength;

    /// <inheritdoc />
    public float[] Baselines() => _models.Baselines();

    /// <inheritdoc />
    public bool[] PositionInputs() => _models.PositionInputs();

    /// <inheritdoc />
    public bool Inputs(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> inputs) => _models.Inputs(shape, appearance, inputs);

    /// <inheritdoc />
    public void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference) =>
        Explain(shape, appearance, emotion, attribution, alignedShape, reference, default);

    /// <inheritdoc />
    public void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference, ReadOnlySpan<float> shift)
    {
        _models.Explain(shape, appearance, emotion, attribution, shift);
        for (var i = 0; i < attribution.Length; i++)
        {
            attribution[i] = MathF.Abs(attribution[i]);
        }

        if (!_fullAligner.TryAlign(shape, alignedShape))
        {
            _reference.CopyTo(alignedShape);
        }

        _reference.CopyTo(reference);
    }
}
