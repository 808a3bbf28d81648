using FerEdge.Core.Options;

namespace FerEdge.Core.Tracking;

/// <summary>Thresholds of <see cref="RedetectPolicy"/>. Every default is a starting point, not a tuned value.</summary>
public sealed record RedetectPolicyOptions
{
    /// <summary>
    /// A keyframe at least every this many frames: with 10, frames 1..9 after a keyframe are tracked and frame 10 is
    /// the next keyframe. 1 makes every frame a keyframe; at most 1000. Default 10.
    /// </summary>
    public int KeyframeInterval { get; init; } = 10;

    /// <summary>Redetect when more than this share, in (0, 1], of the subset is lost in one frame. Default 0.25.</summary>
    public float MaxLostShare { get; init; } = 0.25f;

    /// <summary>
    /// Redetect when the median forward-backward error of the points tracked both ways exceeds this, in pixels.
    /// Default 0.5 px: half the per-point loss threshold, so a frame where the typical point is near losing counts.
    /// </summary>
    public float MaxMedianForwardBackwardError { get; init; } = 0.5f;

    /// <summary>
    /// Redetect when the tracked shape's scale against the keyframe's leaves [1 / f, f] for this factor f (&gt; 1).
    /// Default 1.25: the face moved markedly closer or farther, and the keyframe's fit no longer describes it.
    /// </summary>
    public float MaxScaleChange { get; init; } = 1.25f;

    /// <summary>
    /// Redetect when the tracked points' bounding-box area falls under this fraction (0..1) of the keyframe's.
    /// Default 0.5.
    /// </summary>
    public float MinAreaRatio { get; init; } = 0.5f;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid threshold.</summary>
    public void Validate()
    {
        OptionRules.InRange(KeyframeInterval, 1, 1000, nameof(KeyframeInterval));
        OptionRules.InInterval(MaxLostShare, 0, 1, "(]", nameof(MaxLostShare));

        if (!(MaxMedianForwardBackwardError >= 0f) || float.IsInfinity(MaxMedianForwardBackwardError))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMedianForwardBackwardError), MaxMedianForwardBackwardError, "The forward-backward threshold must be a finite, non-negative number of pixels.");
        }

        if (!(MaxScaleChange > 1f) || float.IsInfinity(MaxScaleChange))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxScaleChange), MaxScaleChange, "The scale-change factor must be finite and above 1.");
        }

        if (!(MinAreaRatio is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(MinAreaRatio), MinAreaRatio, "The area ratio must lie in 0..1.");
        }
    }
}
