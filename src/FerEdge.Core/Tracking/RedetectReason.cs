namespace FerEdge.Core.Tracking;

/// <summary>Why <see cref="RedetectPolicy"/> asks for the next frame to be a keyframe (detection + full fit).</summary>
public enum RedetectReason
{
    /// <summary>Tracking may go on.</summary>
    None = 0,

    /// <summary>The shape's scale drifted too far from the keyframe's, or could not be estimated.</summary>
    ScaleChange,

    /// <summary>The tracked points collapsed: their bounding box shrank too far against the keyframe's.</summary>
    Collapse,

    /// <summary>Too large a share of the subset was lost in this frame.</summary>
    LostShare,

    /// <summary>The median forward-backward error was too large (or no point was tracked both ways).</summary>
    ForwardBackwardError,

    /// <summary>
    /// A point moved so far in one frame that it reached the edge of the region the tracker built its pyramid over
    /// (<see cref="LandmarkSubsetTrackerOptions.TrackInRegion"/>), where tracking may differ from whole-frame tracking.
    /// </summary>
    RegionEdge,

    /// <summary>The keyframe interval has elapsed.</summary>
    Interval,
}
