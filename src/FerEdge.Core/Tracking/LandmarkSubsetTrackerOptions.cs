namespace FerEdge.Core.Tracking;

/// <summary>Settings of <see cref="LandmarkSubsetTracker"/>.</summary>
public sealed record LandmarkSubsetTrackerOptions
{
    /// <summary>Lucas-Kanade settings for both directions (OpenCV's defaults).</summary>
    public LucasKanadeOptions LucasKanade { get; init; } = new();

    /// <summary>
    /// A point is lost when tracking it forward and then back lands farther than this from where it started, in
    /// pixels of the full-resolution frame. Default 1 px.
    /// </summary>
    public float MaxForwardBackwardError { get; init; } = 1f;

    /// <summary>
    /// When set (default), lost points are replaced by the keyframe's positions moved with the similarity fitted to
    /// the good points, so the shape stays whole; otherwise they keep their previous position.
    /// </summary>
    public bool FillLostPoints { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentNullException"/> naming the invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(LucasKanade);
        LucasKanade.Validate();
        if (!(MaxForwardBackwardError >= 0f) || float.IsInfinity(MaxForwardBackwardError))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxForwardBackwardError), MaxForwardBackwardError, "The forward-backward threshold must be a finite, non-negative number of pixels.");
        }
    }
}
