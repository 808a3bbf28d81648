using FerEdge.Core.Geometry;

namespace FerEdge.Core.Tracking;

/// <summary>
/// Sparse pyramidal Lucas-Kanade optical flow (Bouguet's formulation) in managed code, written to reproduce OpenCV's
/// <c>calcOpticalFlowPyrLK</c> on 8-bit gray images: the same pyramid, Scharr gradients, 14-bit fixed-point bilinear
/// weights, 5 extra fraction bits on the sampled intensities, minimum-eigenvalue test, stopping rules and error
/// measure.
/// </summary>
/// <remarks>
/// Each instance owns its scratch window buffers, so <see cref="Track"/> allocates nothing; for the same reason one
/// instance must not be used from two threads at once (use one per thread). Pyramids are only read.
/// </remarks>
public sealed class PyramidalLucasKanade
{
    private const int WOne = 1 << LucasKanadeWindow.WeightBits;
    private const float FltEpsilon = 1.1920929E-07f;

    private readonly LucasKanadeOptions _options;
    private readonly LucasKanadeWindow _window;
    private readonly int _maxIterations;
    private readonly double _epsilonSquared;
    private int _regionEdgeHits;

    /// <summary>Creates a tracker; <paramref name="options"/> defaults to OpenCV's defaults.</summary>
    public PyramidalLucasKanade(LucasKanadeOptions? options = null)
    {
        _options = options ?? new LucasKanadeOptions();
        _options.Validate();
        _window = new LucasKanadeWindow(_options.WindowWidth, _options.WindowHeight);

        // OpenCV clamps the criteria the same way before it squares epsilon.
        _maxIterations = Math.Min(_options.MaxIterations, 100);
        var eps = Math.Min(_options.Epsilon, 10.0);
        _epsilonSquared = eps * eps;
    }

    /// <summary>The settings in use.</summary>
    public LucasKanadeOptions Options => _options;

    /// <summary>
    /// Windows of the last <see cref="Track"/> call that read pixels where a region pyramid may differ from the whole
    /// frame's (within <see cref="ImagePyramid.InexactRing"/> of an inner region edge, or beyond the region's margin
    /// but inside the frame). 0 means the call's results equal those on whole-frame pyramids; always 0 for those.
    /// </summary>
    public int RegionEdgeHits => _regionEdgeHits;

    /// <summary>
    /// Tracks <paramref name="from"/> (pixels of the frame behind <paramref name="prev"/>) into the frame behind
    /// <paramref name="next"/>.
    /// </summary>
    /// <param name="prev">Pyramid of the frame the points come from; its margin must cover the window. It may cover a
    /// region of the frame only: a window that would reach beyond the region's margin counts as leaving the image.</param>
    /// <param name="next">Pyramid of the frame to track into, same frame size as <paramref name="prev"/> (its region
    /// may differ).</param>
    /// <param name="from">Point positions in <paramref name="prev"/>, pixels (pixel centres at integers).</param>
    /// <param name="to">Receives the tracked positions; read first as the initial guess when
    /// <paramref name="useInitialGuess"/> is set. Same length as <paramref name="from"/>.</param>
    /// <param name="found">Receives whether each point was tracked (false: flat window, left the image, or a
    /// non-finite coordinate).</param>
    /// <param name="error">Receives OpenCV's error, the mean absolute intensity difference (0..255) between the two
    /// windows at the final position; 0 for points not found.</param>
    /// <param name="useInitialGuess">Start from <paramref name="to"/> instead of from <paramref name="from"/>.</param>
    public void Track(
        ImagePyramid prev,
        ImagePyramid next,
        ReadOnlySpan<Point2> from,
        Span<Point2> to,
        Span<bool> found,
        Span<float> error,
        bool useInitialGuess = false)
    {
        ArgumentNullException.ThrowIfNull(prev);
        ArgumentNullException.ThrowIfNull(next);
        CheckPyramid(prev, nameof(prev));
        CheckPyramid(next, nameof(next));
        if (prev.Width != next.Width || prev.Height != next.Height)
        {
            throw new ArgumentException($"The pyramids differ in size ({prev.Width}x{prev.Height} vs {next.Width}x{next.Height}).", nameof(next));
        }

        if (to.Length != from.Length || found.Length != from.Length || error.Length != from.Length)
        {
            throw new ArgumentException($"to, found and error must each hold {from.Length} items (got {to.Length}, {found.Length}, {error.Length}).", nameof(to));
        }

        _regionEdgeHits = 0;
        var maxLevel = Math.Min(_options.MaxLevel, Math.Min(prev.LevelCount, next.LevelCount) - 1);
        for (var i = 0; i < from.Length; i++)
        {
            var guess = useInitialGuess ? to[i] : from[i];

            // Float-to-int conversion saturates (NaN becomes 0), so a non-finite point would pass the bounds tests.
            var status = float.IsFinite(from[i].X) && float.IsFinite(from[i].Y) && float.IsFinite(guess.X) && float.IsFinite(guess.Y);
            if (!status)
            {
                to[i] = guess;
                found[i] = false;
                error[i] = 0f;
                continue;
            }

            var err = 0f;
            float nx = 0, ny = 0;
            for (var level = maxLevel; level >= 0; level--)
            {
                if (level == maxLevel)
                {
                    var s = (float)(1.0 / (1 << level));
                    nx = guess.X * s;
                    ny = guess.Y * s;
                }
                else
                {
                    nx *= 2f;
                    ny *= 2f;
                }

                TrackAtLevel(prev.GetLevel(level), next.GetLevel(level), level, from[i], ref nx, ref ny, ref status, ref err);
            }

            to[i] = new Point2(nx, ny);
            found[i] = status;
            error[i] = status ? err : 0f;
        }
    }

    private void CheckPyramid(ImagePyramid pyramid, string name)
    {
        if (pyramid.LevelCount == 0)
        {
            throw new ArgumentException("The pyramid has not been built from a frame yet.", name);
        }

        if (pyramid.Border < Math.Max(_options.WindowWidth, _options.WindowHeight))
        {
            throw new ArgumentException($"The pyramid's {pyramid.Border}-pixel margin is smaller than the {_options.WindowWidth}x{_options.WindowHeight} window.", name);
        }
    }

    // One level of OpenCV's LKTrackerInvoker for one point. (nx, ny) is the point's running estimate at this level
    // (OpenCV's nextPts[i]); status and err are only touched at level 0, as in OpenCV.
    private void TrackAtLevel(
        ImagePyramid.Level li,
        ImagePyramid.Level lj,
        int level,
        Point2 from,
        ref float nx,
        ref float ny,
        ref bool status,
        ref float err)
    {
        var winW = _options.WindowWidth;
        var winH = _options.WindowHeight;
        var halfX = (winW - 1) * 0.5f;
        var halfY = (winH - 1) * 0.5f;
        var scale = (float)(1.0 / (1 << level));
        var px = (from.X * scale) - halfX;
        var py = (from.Y * scale) - halfY;
        var ipx = (int)MathF.Floor(px);
        var ipy = (int)MathF.Floor(py);
        if (Outside(li, level, ipx, ipy))
        {
            if (level == 0)
            {
                status = false;
            }

            return;
        }

        Weights(px - ipx, py - ipy, out var w00, out var w01, out var w10, out var w11);
        _window.Sample(li, ipx, ipy, w00, w01, w10, w11, out var a11, out var a12, out var a22);

        var d = (a11 * a22) - (a12 * a12);
        var minEig = (a22 + a11 - MathF.Sqrt(((a11 - a22) * (a11 - a22)) + (4f * a12 * a12))) / (2 * winW * winH);
        if (minEig < _options.MinEigenvalueThreshold || d < FltEpsilon)
        {
            if (level == 0)
            {
                status = false;
            }

            return;
        }

        d = 1f / d;
        var qx = nx - halfX;
        var qy = ny - halfY;
        float prevDx = 0, prevDy = 0;
        for (var j = 0; j < _maxIterations; j++)
        {
            var iqx = (int)MathF.Floor(qx);
            var iqy = (int)MathF.Floor(qy);
            if (Outside(lj, level, iqx, iqy))
            {
                if (level == 0)
                {
                    status = false;
                }

                break;
            }

            Weights(qx - iqx, qy - iqy, out w00, out w01, out w10, out w11);
            _window.Mismatch(lj, iqx, iqy, w00, w01, w10, w11, out var b1, out var b2);
            var dx = ((a12 * b2) - (a22 * b1)) * d;
            var dy = ((a12 * b1) - (a11 * b2)) * d;
            qx += dx;
            qy += dy;
            nx = qx + halfX;
            ny = qy + halfY;
            if (((double)dx * dx) + ((double)dy * dy) <= _epsilonSquared)
            {
                break;
            }

            // Oscillating between two positions: settle half-way, as OpenCV does.
            if (j > 0 && Math.Abs(dx + prevDx) < 0.01 && Math.Abs(dy + prevDy) < 0.01)
            {
                nx -= dx * 0.5f;
                ny -= dy * 0.5f;
                break;
            }

            prevDx = dx;
            prevDy = dy;
        }

        if (status && level == 0)
        {
            err = FinalError(lj, nx - halfX, ny - halfY, ref status);
        }
    }

    // OpenCV's error: mean absolute difference between the window of J at the final position and the patch of I.
    private float FinalError(ImagePyramid.Level lj, float qx, float qy, ref bool status)
    {
        var iqx = (int)MathF.Floor(qx);
        var iqy = (int)MathF.Floor(qy);
        if (Outside(lj, 0, iqx, iqy))
        {
            status = false;
            return 0f;
        }

        Weights(qx - iqx, qy - iqy, out var w00, out var w01, out var w10, out var w11);
        return _window.AbsoluteDifference(lj, iqx, iqy, w00, w01, w10, w11) * (1f / (32 * _options.WindowWidth * _options.WindowHeight));
    }

    // OpenCV's test of a window's top-left corner against the image, made against the level's built region: for a
    // whole-frame pyramid it is OpenCV's test, and for a region pyramid it keeps every read inside the region's
    // margin. Along the way it counts the windows whose values a region may hold differently from the whole frame.
    private bool Outside(ImagePyramid.Level l, int level, int ix, int iy)
    {
        int winW = _options.WindowWidth, winH = _options.WindowHeight;
        var outside = ix < l.X0 - winW || ix >= l.X0 + l.Width || iy < l.Y0 - winH || iy >= l.Y0 + l.Height;
        if (l.Width == l.FrameWidth && l.Height == l.FrameHeight)
        {
            return outside;
        }

        // The window reads columns ix..ix + winW and rows iy..iy + winH (one more for interpolation). Level 0 is exact
        // in the region (its gradient margin is zero); upper levels up to the ring of an inner edge.
        var ring = level == 0 ? 0 : ImagePyramid.InexactRing;
        var inexact = outside
            ? !(ix < -winW || ix >= l.FrameWidth || iy < -winH || iy >= l.FrameHeight)
            : (l.X0 > 0 && ix < l.X0 + ring)
              || (l.X0 + l.Width < l.FrameWidth && ix + winW >= l.X0 + l.Width - ring)
              || (l.Y0 > 0 && iy < l.Y0 + ring)
              || (l.Y0 + l.Height < l.FrameHeight && iy + winH >= l.Y0 + l.Height - ring);
        _regionEdgeHits += inexact ? 1 : 0;
        return outside;
    }

    // OpenCV's 14-bit bilinear weights: three rounded (to even), the fourth makes the sum exact.
    private static void Weights(float a, float b, out int w00, out int w01, out int w10, out int w11)
    {
        w00 = (int)MathF.Round((1f - a) * (1f - b) * WOne);
        w01 = (int)MathF.Round(a * (1f - b) * WOne);
        w10 = (int)MathF.Round((1f - a) * b * WOne);
        w11 = WOne - w00 - w01 - w10;
    }
}
