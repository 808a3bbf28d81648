namespace FerEdge.Vision.Detection;

/// <summary>Tuning of a <see cref="BlazeFaceDetector"/>; read once when the detector is created.</summary>
public sealed record BlazeFaceDetectorOptions
{
    /// <summary>Minimum face score in [0, 1]. MediaPipe's face detection graphs use 0.5.</summary>
    public float ScoreThreshold { get; init; } = 0.5f;

    /// <summary>Detections overlapping a better one by more than this IoU are merged into it (MediaPipe: 0.3).</summary>
    public float IouThreshold { get; init; } = 0.3f;

    /// <summary>At most this many faces are returned per frame, best first.</summary>
    public int MaxFaces { get; init; } = 4;

    /// <summary>ONNX Runtime intra-op threads. One keeps the other pipeline stages their cores on a small board.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (!(ScoreThreshold is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "The score threshold must lie in [0, 1].");
        }

        if (!(IouThreshold is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(IouThreshold), IouThreshold, "The IoU threshold must lie in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFaces);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(IntraOpThreads);
    }
}
