namespace FerEdge.Pipeline.Diagnostics;

/// <summary>
/// Where one frame's time went, stage by stage, in milliseconds. A stage that did not run on the frame (detection
/// and landmarks on a tracked frame, tracking on a keyframe, explanation when none was due) is 0.
/// </summary>
/// <remarks>
/// A value type so the per-frame record travels with the frame's results and lands in the timeline without
/// allocating. Features are aligned inside the classifiers' scoring call, so <see cref="ClassifiersMs"/> holds both.
/// </remarks>
public readonly record struct FrameTiming
{
    /// <summary>Frame index in the source.</summary>
    public long Frame { get; init; }

    /// <summary>True when detection ran on this frame.</summary>
    public bool Keyframe { get; init; }

    /// <summary>Reading (decoding or copying) the frame from the source.</summary>
    public float CaptureMs { get; init; }

    /// <summary>Face detection (BlazeFace) on a keyframe.</summary>
    public float DetectionMs { get; init; }

    /// <summary>The 68-point landmark cascade on a keyframe, with the tracker's re-seeding.</summary>
    public float LandmarksMs { get; init; }

    /// <summary>Tracking the landmark subset and moving the keyframe shape (tracked frames, and failed attempts).</summary>
    public float TrackingMs { get; init; }

    /// <summary>Appearance at the classified landmarks (frames with a face, when the classifiers read appearance).</summary>
    public float FeaturesMs { get; init; }

    /// <summary>Feature alignment and the seven classifiers.</summary>
    public float ClassifiersMs { get; init; }

    /// <summary>Integrated gradients and the explanation summary, when one was due.</summary>
    public float ExplanationMs { get; init; }

    /// <summary>Serialising the payloads and handing them to the sinks.</summary>
    public float PublishMs { get; init; }

    /// <summary>From the capture timestamp (after reading) to the end of publishing, waits between stages included.</summary>
    public float EndToEndMs { get; init; }
}
