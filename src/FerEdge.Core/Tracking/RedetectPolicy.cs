namespace FerEdge.Core.Tracking;

/// <summary>
/// Decides, after a tracked frame, whether the next frame must be a keyframe. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Reasons are tested from the most to the least serious (shape degenerate, points lost, forward-backward error,
/// interval), and the first that holds is returned, so the reason names the worst problem of the frame.
/// </remarks>
public sealed class RedetectPolicy
{
    /// <summary>Creates a policy; <paramref name="options"/> defaults to <see cref="RedetectPolicyOptions"/>'s defaults.</summary>
    public RedetectPolicy(RedetectPolicyOptions? options = null)
    {
        Options = options ?? new RedetectPolicyOptions();
        Options.Validate();
    }

    /// <summary>The thresholds in use.</summary>
    public RedetectPolicyOptions Options { get; }

    /// <summary>Evaluates one tracked frame.</summary>
    /// <param name="framesSinceKeyframe">Frames tracked since the keyframe, this one included (1 for the first).</param>
    /// <param name="pointCount">Points in the tracked subset.</param>
    /// <param name="lostCount">Points lost in this frame.</param>
    /// <param name="medianForwardBackwardError">Median forward-backward error in pixels; NaN when no point was tracked both ways.</param>
    /// <param name="scaleVsKeyframe">Shape scale against the keyframe (1 = unchanged); NaN when it could not be fitted.</param>
    /// <param name="areaRatioVsKeyframe">Bounding-box area of the points over the keyframe's.</param>
    /// <returns><see cref="RedetectReason.None"/>, or why the next frame must be a keyframe.</returns>
    public RedetectReason Evaluate(
        int framesSinceKeyframe,
        int pointCount,
        int lostCount,
        float medianForwardBackwardError,
        float scaleVsKeyframe,
        float areaRatioVsKeyframe)
    {
        var o = Options;
        if (!(scaleVsKeyframe <= o.MaxScaleChange && scaleVsKeyframe * o.MaxScaleChange >= 1f))
        {
            return RedetectReason.ScaleChange;
        }

        if (!(areaRatioVsKeyframe >= o.MinAreaRatio))
        {
            return RedetectReason.Collapse;
        }

        if (pointCount <= 0 || lostCount > o.MaxLostShare * pointCount)
        {
            return RedetectReason.LostShare;
        }

        if (!(medianForwardBackwardError <= o.MaxMedianForwardBackwardError))
        {
            return RedetectReason.ForwardBackwardError;
        }

        return framesSinceKeyframe + 1 >= o.KeyframeInterval ? RedetectReason.Interval : RedetectReason.None;
    }
}
