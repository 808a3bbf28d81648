using FerEdge.Core.Options;

namespace FerEdge.Core.Tracking;

/// <summary>Settings of <see cref="LandmarkSubsetTracker"/>.</summary>
public sealed record LandmarkSubsetTrackerOptions
{
    /// <summary>Lucas-Kanade settings for both directions (the shipped defaults).</summary>
    public LucasKanadeOptions LucasKanade { get; init; } = new();

    /// <summary>
    /// A point is lost when tracking it forward and then back lands farther than this from where it started, in
    /// pixels of the full-resolution frame, in (0, 100]. Default 1 px.
    /// </summary>
    public float MaxForwardBackwardError { get; init; } = 1f;

    /// <summary>
    /// When set (default), lost points are replaced by the keyframe's positions moved with the similarity fitted to
    /// the good points, so the shape stays whole; otherwise they keep their previous position.
    /// </summary>
    public bool FillLostPoints { get; init; } = true;

    /// <summary>
    /// When set (default), each frame's pyramid covers only a region around the points instead of the whole frame:
    /// their bounding box grown by the window's reach at the top pyramid level plus <see cref="RegionMotion"/>. Points
    /// that move at most that far per frame are tracked exactly as over the whole frame; a frame where one moves
    /// farther ends with <see cref="RedetectReason.RegionEdge"/>.
    /// </summary>
    public bool TrackInRegion { get; init; } = true;

    /// <summary>
    /// Motion per frame, in full-resolution pixels, that the region leaves room for (1..4096). Default 32 px: a
    /// head crossing a 640-pixel-wide frame in under a second at 25 frames/s still fits.
    /// </summary>
    public int RegionMotion { get; init; } = 32;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentNullException"/> naming the invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(LucasKanade);
        LucasKanade.Validate();
        OptionRules.InInterval(MaxForwardBackwardError, 0, 100, "(]", nameof(MaxForwardBackwardError));
        OptionRules.InRange(RegionMotion, 1, 4096, nameof(RegionMotion));
    }
}
