using FerEdge.Core.Options;

namespace FerEdge.Vision.Detection;

/// <summary>Tuning of a <see cref="BlazeFaceDetector"/>; read once when the detector is created.</summary>
public sealed record BlazeFaceDetectorOptions
{
    /// <summary>
    /// Minimum face score in (0, 1), or null for the model's <see cref="RecommendedScoreThreshold"/>.
    /// </summary>
    public float? ScoreThreshold { get; init; }

    /// <summary>Detections overlapping a better one by more than this IoU are merged into it (MediaPipe: 0.3).</summary>
    public float IouThreshold { get; init; } = 0.3f;

    /// <summary>At most this many faces are returned per frame, best first.</summary>
    public int MaxFaces { get; init; } = 4;

    /// <summary>ONNX Runtime intra-op threads, 1..16. One keeps the other pipeline stages their cores on a small board.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// The threshold used when <see cref="ScoreThreshold"/> is null: 0.5 for the front model (MediaPipe's value);
    /// 0.75 for the back model, which at 0.5 fires on over half the frames of a cartoon title sequence with no face
    /// (docs/detection.md has the measurements).
    /// </summary>
    public static float RecommendedScoreThreshold(BlazeFaceModel model) => model switch
    {
        BlazeFaceModel.Front128 => 0.5f,
        BlazeFaceModel.Back256 => 0.75f,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown BlazeFace model."),
    };

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (ScoreThreshold is { } score)
        {
            OptionRules.InInterval(score, 0, 1, "()", nameof(ScoreThreshold));
        }

        if (!(IouThreshold is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(IouThreshold), IouThreshold, "The IoU threshold must lie in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFaces);
        OptionRules.InRange(IntraOpThreads, 1, 16, nameof(IntraOpThreads));
    }
}
