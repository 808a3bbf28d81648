using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;

namespace FerEdge.Core.Tracking;

/// <summary>
/// Tracks a fixed subset of a keyframe's landmarks from frame to frame with pyramidal Lucas-Kanade and a
/// forward-backward check, and asks a <see cref="RedetectPolicy"/> when the next frame must be a keyframe.
/// </summary>
/// <remarks>
/// <para>
/// Use: <see cref="SetKeyframe"/> with the frame and its full landmark shape (for example the 68 dlib points), then
/// <see cref="Track"/> on each following frame until the result asks for a keyframe. The tracker holds the
/// previous frame's pyramid, so each frame's pyramid is built once. Each point is tracked forward into the new frame
/// and back; it is lost when either pass fails or the round trip ends farther than
/// <see cref="LandmarkSubsetTrackerOptions.MaxForwardBackwardError"/> from its start.
/// </para>
/// <para>
/// With <see cref="LandmarkSubsetTrackerOptions.TrackInRegion"/> (the default) each frame's pyramid covers only the
/// points' bounding box grown by <see cref="RegionGuard"/> plus the motion allowance: the windows of points that moved
/// less than the allowance then read only values equal to the whole-frame pyramid's, so the tracked positions are
/// the same as whole-frame tracking's. Lucas-Kanade counts the windows that read values a region may hold
/// differently (<see cref="PyramidalLucasKanade.RegionEdgeHits"/>); a frame with any, in either direction, reports
/// <see cref="RedetectReason.RegionEdge"/> unless a more serious reason holds, so every frame tracked on is tracked
/// exactly as over the whole frame.
/// </para>
/// <para>
/// All buffers are allocated in the constructor and on the first frame of a size; tracking allocates nothing per
/// frame. Not thread-safe: one instance serves one frame stream. Spans it returns stay valid until the next call.
/// </para>
/// </remarks>
public sealed class LandmarkSubsetTracker
{
    private readonly int[] _subset;
    private readonly LandmarkSubsetTrackerOptions _options;
    private readonly RedetectPolicy _policy;
    private readonly PyramidalLucasKanade _lk;
    private readonly Point2[] _keyPoints;
    private readonly Point2[] _points;
    private readonly Point2[] _forward;
    private readonly Point2[] _backward;
    private readonly bool[] _forwardFound;
    private readonly bool[] _backwardFound;
    private readonly float[] _lkError;
    private readonly float[] _fbError;
    private readonly float[] _sorted;
    private readonly float[] _weights;
    private readonly bool[] _lost;
    private readonly int _guard;
    private int _regionEdgeHits;
    private ImagePyramid _previous;
    private ImagePyramid _current;
    private float _keyArea;
    private int _framesSinceKeyframe;
    private bool _hasKeyframe;

    /// <summary>Creates a tracker for the landmarks at <paramref name="subsetIndices"/> of the keyframe shapes.</summary>
    /// <param name="subsetIndices">Indices into the shapes passed to <see cref="SetKeyframe"/>; at least two, distinct, non-negative.</param>
    /// <param name="options">Tracking settings; defaults when null.</param>
    /// <param name="policy">Keyframe policy; defaults when null.</param>
    public LandmarkSubsetTracker(ReadOnlySpan<int> subsetIndices, LandmarkSubsetTrackerOptions? options = null, RedetectPolicy? policy = null)
    {
        if (subsetIndices.Length < 2)
        {
            throw new ArgumentException($"The subset needs at least two landmarks to fit a similarity (got {subsetIndices.Length}).", nameof(subsetIndices));
        }

        for (var i = 0; i < subsetIndices.Length; i++)
        {
            if (subsetIndices[i] < 0 || subsetIndices[..i].Contains(subsetIndices[i]))
            {
                throw new ArgumentException($"Subset index {subsetIndices[i]} at position {i} is negative or repeated.", nameof(subsetIndices));
            }
        }

        _options = options ?? new LandmarkSubsetTrackerOptions();
        _options.Validate();
        _policy = policy ?? new RedetectPolicy();
        _lk = new PyramidalLucasKanade(_options.LucasKanade);
        _previous = new ImagePyramid(_options.LucasKanade);
        _current = new ImagePyramid(_options.LucasKanade);
        _guard = GuardFor(_options.LucasKanade);
        _subset = subsetIndices.ToArray();
        var n = _subset.Length;
        _keyPoints = new Point2[n];
        _points = new Point2[n];
        _forward = new Point2[n];
        _backward = new Point2[n];
        _forwardFound = new bool[n];
        _backwardFound = new bool[n];
        _lkError = new float[n];
        _fbError = new float[n];
        _sorted = new float[n];
        _weights = new float[n];
        _lost = new bool[n];
    }

    /// <summary>The landmark indices tracked, in the order of <see cref="Points"/>.</summary>
    public ReadOnlySpan<int> SubsetIndices => _subset;

    /// <summary>Current positions of the subset, pixels (after filling lost points when enabled).</summary>
    public ReadOnlySpan<Point2> Points => _points;

    /// <summary>Which points were lost in the last tracked frame (all false right after a keyframe).</summary>
    public ReadOnlySpan<bool> Lost => _lost;

    /// <summary>Forward-backward distance of each point in the last tracked frame, pixels (NaN when LK failed).</summary>
    public ReadOnlySpan<float> ForwardBackwardErrors => _fbError;

    /// <summary>True once a keyframe has been set.</summary>
    public bool HasKeyframe => _hasKeyframe;

    /// <summary>
    /// Distance in full-resolution pixels from an inner region edge within which a point's windows may read pyramid
    /// values that differ from the whole frame's: the window's half-size plus interpolation and
    /// <see cref="ImagePyramid.InexactRing"/> at the top level, scaled to level 0.
    /// </summary>
    public int RegionGuard => _guard;

    /// <summary>
    /// Lucas-Kanade windows of the last <see cref="Track"/>, both directions, that read values the region pyramids
    /// may hold differently from whole-frame ones; when 0 the frame was tracked exactly as over the whole frame.
    /// </summary>
    public int RegionEdgeHits => _regionEdgeHits;

    /// <summary>The part of the frame the last pyramid covered (the whole frame when regions are off).</summary>
    public PixelRect Region => _previous.Region;

    /// <summary>
    /// Starts tracking from a keyframe: <paramref name="shape"/> holds the frame's full landmark shape, indexed as
    /// the subset indices expect. Builds the frame's pyramid and resets the counters.
    /// </summary>
    public void SetKeyframe(GrayImage frame, ReadOnlySpan<Point2> shape)
    {
        ArgumentNullException.ThrowIfNull(frame);
        for (var i = 0; i < _subset.Length; i++)
        {
            if (_subset[i] >= shape.Length)
            {
                throw new ArgumentException($"The shape has {shape.Length} points; the subset needs index {_subset[i]}.", nameof(shape));
            }

            var p = shape[_subset[i]];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y))
            {
                throw new ArgumentException($"Landmark {_subset[i]} of the shape is not finite.", nameof(shape));
            }

            _keyPoints[i] = p;
            _points[i] = p;
        }

        BuildPyramid(_previous, frame);
        _keyArea = BoundingArea(_keyPoints);
        Array.Clear(_lost);
        Array.Clear(_fbError);
        _regionEdgeHits = 0;
        _framesSinceKeyframe = 0;
        _hasKeyframe = true;
    }

    /// <summary>
    /// Tracks the subset from the previous frame into <paramref name="frame"/> (same size as the keyframe).
    /// Throws <see cref="InvalidOperationException"/> before the first keyframe or when the frame size changes.
    /// </summary>
    public SubsetTrackingResult Track(GrayImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!_hasKeyframe)
        {
            throw new InvalidOperationException("Set a keyframe before tracking.");
        }

        if (frame.Width != _previous.Width || frame.Height != _previous.Height)
        {
            throw new InvalidOperationException($"The frame is {frame.Width}x{frame.Height} but the keyframe was {_previous.Width}x{_previous.Height}; set a new keyframe.");
        }

        BuildPyramid(_current, frame);
        _lk.Track(_previous, _current, _points, _forward, _forwardFound, _lkError);
        _regionEdgeHits = _lk.RegionEdgeHits;
        _lk.Track(_current, _previous, _forward, _backward, _backwardFound, _lkError);
        _regionEdgeHits += _lk.RegionEdgeHits;

        var n = _points.Length;
        var lostCount = 0;
        var bothWays = 0;
        for (var i = 0; i < n; i++)
        {
            var ok = _forwardFound[i] && _backwardFound[i];
            var fb = ok ? Distance(_points[i], _backward[i]) : float.NaN;
            _fbError[i] = fb;
            if (ok)
            {
                _sorted[bothWays++] = fb;
            }

            _lost[i] = !(fb <= _options.MaxForwardBackwardError);
            _weights[i] = _lost[i] ? 0f : 1f;
            lostCount += _lost[i] ? 1 : 0;
        }

        var median = Median(_sorted.AsSpan(0, bothWays));
        var scale = float.NaN;
        if (n - lostCount >= 2 && SimilarityTransform.TryFit(_keyPoints, _forward, _weights, out var toFrame))
        {
            scale = (float)toFrame.Scale;
            for (var i = 0; i < n; i++)
            {
                _points[i] = !_lost[i] ? _forward[i] : _options.FillLostPoints ? toFrame.Apply(_keyPoints[i]) : _points[i];
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                _points[i] = _lost[i] ? _points[i] : _forward[i];
            }
        }

        (_previous, _current) = (_current, _previous);
        _framesSinceKeyframe++;
        var areaRatio = _keyArea > 0 ? BoundingArea(_points) / _keyArea : float.NaN;
        var reason = _policy.Evaluate(_framesSinceKeyframe, n, lostCount, median, scale, areaRatio);
        if (reason is RedetectReason.None or RedetectReason.Interval && _regionEdgeHits > 0)
        {
            reason = RedetectReason.RegionEdge;
        }

        return new SubsetTrackingResult(_framesSinceKeyframe, n, lostCount, median, scale, areaRatio, reason);
    }

    private void BuildPyramid(ImagePyramid pyramid, GrayImage frame)
    {
        if (!_options.TrackInRegion)
        {
            pyramid.Build(frame);
            return;
        }

        // Around the positions the points are tracked from, grown by the reach of their windows and the motion
        // allowance, so their windows in this frame and the next read only exact values.
        var (minX, minY, maxX, maxY) = Bounds(_points);
        var grow = _guard + _options.RegionMotion;
        var left = Clamp(MathF.Floor(minX) - grow, frame.Width);
        var top = Clamp(MathF.Floor(minY) - grow, frame.Height);
        var right = Clamp(MathF.Ceiling(maxX) + grow + 1, frame.Width);
        var bottom = Clamp(MathF.Ceiling(maxY) + grow + 1, frame.Height);
        if (right <= left || bottom <= top || !float.IsFinite(minX + minY + maxX + maxY))
        {
            pyramid.Build(frame);
            return;
        }

        pyramid.Build(frame, PixelRect.FromEdges(left, top, right, bottom));
    }

    private static int GuardFor(LucasKanadeOptions lk)
    {
        var half = (Math.Max(lk.WindowWidth, lk.WindowHeight) + 1) / 2;
        return (1 << lk.MaxLevel) * (half + 2 + ImagePyramid.InexactRing);
    }

    private static int Clamp(float value, int limit) => value <= 0 ? 0 : value >= limit ? limit : (int)value;

    private static float Distance(Point2 a, Point2 b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    private static float Median(Span<float> values)
    {
        if (values.IsEmpty)
        {
            return float.NaN;
        }

        values.Sort();
        var mid = values.Length / 2;
        return (values.Length & 1) == 1 ? values[mid] : 0.5f * (values[mid - 1] + values[mid]);
    }

    private static float BoundingArea(ReadOnlySpan<Point2> points)
    {
        var (minX, minY, maxX, maxY) = Bounds(points);
        return (maxX - minX) * (maxY - minY);
    }

    private static (float MinX, float MinY, float MaxX, float MaxY) Bounds(ReadOnlySpan<Point2> points)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in points)
        {
            minX = MathF.Min(minX, p.X);
            minY = MathF.Min(minY, p.Y);
            maxX = MathF.Max(maxX, p.X);
            maxY = MathF.Max(maxY, p.Y);
        }

        return (minX, minY, maxX, maxY);
    }
}
