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

    /// <summary>Stage timings so far (capture, detection, landmarks, tracking); set by the pipeline before hand-off.</summary>
    public FrameTiming Timing { get; internal set; }
}
