using FerEdge.Core.Options;
using FerEdge.Core.Tracking;

namespace FerEdge.Pipeline.Perception;

/// <summary>How frames become landmarks: keyframes, tracking between them, and which face is followed.</summary>
public sealed record PerceptionOptions
{
    /// <summary>Track the landmark subset between keyframes; false fits every frame in full.</summary>
    public bool Tracking { get; init; } = true;

    /// <summary>Forward-backward and Lucas-Kanade settings of the subset tracker.</summary>
    public LandmarkSubsetTrackerOptions Tracker { get; init; } = new();

    /// <summary>When a tracked frame hands over to a keyframe.</summary>
    public RedetectPolicyOptions Redetect { get; init; } = new();

    /// <summary>
    /// A face overlapping the previously followed face by at least this IoU keeps being followed even when another
    /// face is larger or more central (stickiness).
    /// </summary>
    public float StickyIou { get; init; } = 0.3f;

    /// <summary>Faces smaller than this side in pixels, 0..4096, are ignored.</summary>
    public int MinFaceSize { get; init; } = 24;

    /// <summary>Throws naming the first invalid value.</summary>
    public void Validate()
    {
        Tracker.Validate();
        Redetect.Validate();
        OptionRules.InInterval(StickyIou, 0, 1, "[]", nameof(StickyIou));
        OptionRules.InRange(MinFaceSize, 0, 4096, nameof(MinFaceSize));
    }
}
