namespace FerEdge.Pipeline.Diagnostics;

/// <summary>The timed stages of a frame, in pipeline order; the names are the keys of the metrics payloads.</summary>
public enum PipelineStage
{
    /// <summary>Reading the frame from the source.</summary>
    Capture,

    /// <summary>Face detection on keyframes.</summary>
    Detection,

    /// <summary>The 68-point landmark fit on keyframes.</summary>
    Landmarks,

    /// <summary>Landmark tracking on frames between keyframes.</summary>
    Tracking,

    /// <summary>Appearance at the classified landmarks, from the frame in memory (classifiers that read appearance).</summary>
    Features,

    /// <summary>Feature alignment and the seven classifiers.</summary>
    Classifiers,

    /// <summary>Integrated-gradients explanation, when due.</summary>
    Explanation,

    /// <summary>Serialisation and sinks.</summary>
    Publish,

    /// <summary>Capture timestamp to the end of publishing.</summary>
    EndToEnd,
}
