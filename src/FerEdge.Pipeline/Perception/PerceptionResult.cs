using FerEdge.Core.Geometry;
using FerEdge.Pipeline.Diagnostics;

namespace FerEdge.Pipeline.Perception;

/// <summary>
/// What perception found in one frame: how many faces, and for the followed face its box, whether its landmarks
/// were tracked (true) or fitted on a keyframe (false), and its 68-point shape in pixels.
/// </summary>
/// <remarks>Owns its shape array; immutable once published by the perception stage.</remarks>
public sealed class PerceptionResult
{
    private float[]? _appearance;
    private int _appearanceLength;

    /// <summary>Frame index in the source.</summary>
    public required long Frame { get; init; }

    /// <summary>Media time in seconds.</summary>
    public required double Time { get; init; }

    /// <summary>Monotonic timestamp (Stopwatch ticks) when the frame was captured.</summary>
    public required long CapturedAt { get; init; }

    /// <summary>Faces in view (detected on keyframes; carried over on tracked frames).</summary>
    public required int FaceCount { get; init; }

    /// <summary>The followed face's box in pixels, or null when no face is followed.</summary>
    public BoxF? Box { get; init; }

    /// <summary>True when the shape comes from tracking rather than a full fit.</summary>
    public bool Tracked { get; init; }

    /// <summary>68 points, x0, y0, ..., in pixels; empty when no face.</summary>
    public float[] Shape { get; init; } = [];

    /// <summary>True for a keyframe (detection ran on this frame).</summary>
    public bool Keyframe { get; init; }

    /// <summary>
    /// The appearance the classifiers read (<see cref="Emotions.IEmotionModel.AppearanceLength"/> values), computed from
    /// the frame while it was in memory; empty without a face or when the classifiers read positions only. The buffer
    /// is rented: the pipeline returns it through <see cref="ReleaseAppearance"/> once the frame is decided or dropped.
    /// </summary>
    public ReadOnlySpan<float> Appearance => _appearance is null ? default : _appearance.AsSpan(0, _appearanceLength);

    /// <summary>Stage timings so far (capture, detection, landmarks, tracking); set by the pipeline before hand-off.</summary>
    public FrameTiming Timing { get; internal set; }

    /// <summary>Attaches a rented appearance buffer of which the first <paramref name="length"/> values are valid.</summary>
    internal void AttachAppearance(float[] buffer, int length)
    {
        _appearance = buffer;
        _appearanceLength = length;
    }

    /// <summary>Returns the appearance buffer to the shared pool (idempotent); <see cref="Appearance"/> is empty afterwards.</summary>
    public void ReleaseAppearance()
    {
        var buffer = Interlocked.Exchange(ref _appearance, null);
        _appearanceLength = 0;
        if (buffer is not null)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
