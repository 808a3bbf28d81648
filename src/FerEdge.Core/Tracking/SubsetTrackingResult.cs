namespace FerEdge.Core.Tracking;

/// <summary>What <see cref="LandmarkSubsetTracker.Track"/> measured on one frame.</summary>
/// <param name="FramesSinceKeyframe">Frames tracked since the keyframe, this one included (1 for the first).</param>
/// <param name="PointCount">Points in the tracked subset.</param>
/// <param name="LostCount">Points lost in this frame (LK failed either way, or forward-backward error over the limit).</param>
/// <param name="MedianForwardBackwardError">Median forward-backward distance in pixels over the points tracked both
/// ways; NaN when there were none.</param>
/// <param name="ScaleVsKeyframe">Scale of the similarity fitted from the keyframe's subset to this frame's good
/// points (1 = unchanged); NaN when fewer than two good points remain.</param>
/// <param name="AreaRatioVsKeyframe">Bounding-box area of the reported points over the keyframe's.</param>
/// <param name="Redetect">The policy's verdict for the next frame.</param>
public readonly record struct SubsetTrackingResult(
    int FramesSinceKeyframe,
    int PointCount,
    int LostCount,
    float MedianForwardBackwardError,
    float ScaleVsKeyframe,
    float AreaRatioVsKeyframe,
    RedetectReason Redetect)
{
    /// <summary>True when the next frame must be a keyframe.</summary>
    public bool NextFrameIsKeyframe => Redetect != RedetectReason.None;
}
