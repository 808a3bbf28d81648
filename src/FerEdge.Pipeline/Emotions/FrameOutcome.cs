using FerEdge.Core.Emotions;
using FerEdge.Pipeline.Diagnostics;
using FerEdge.Pipeline.Perception;

namespace FerEdge.Pipeline.Emotions;

/// <summary>The result of one processed frame: perception, the decided emotion and, at times, an explanation.</summary>
public sealed class FrameOutcome
{
    /// <summary>What perception found.</summary>
    public required PerceptionResult Perception { get; init; }

    /// <summary>The decided emotion, or null when no face is followed.</summary>
    public Emotion? Emotion { get; init; }

    /// <summary>Confidence in the decided emotion, 0..1 (0 without a face).</summary>
    public float Confidence { get; init; }

    /// <summary>Smoothed calibrated score per classifier (7, 0.5 = threshold); empty without a face.</summary>
    public float[] Scores { get; init; } = [];

    /// <summary>An explanation summary when one was due on this frame.</summary>
    public ExplanationSummary? Explanation { get; init; }

    /// <summary>Monotonic timestamp (Stopwatch ticks) when inference finished.</summary>
    public long DecidedAt { get; init; }

    /// <summary>The person whose profile scored the frame, or null for the session profile.</summary>
    public string? Person { get; init; }

    /// <summary>Stage timings up to inference (perception's, plus classifiers and explanation).</summary>
    public FrameTiming Timing { get; init; }
}
