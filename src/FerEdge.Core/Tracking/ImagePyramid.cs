using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;

namespace FerEdge.Core.Tracking;

/// <summary>
/// A Gaussian image pyramid with per-level Scharr gradients, laid out for <see cref="PyramidalLucasKanade"/>.
/// </summary>
/// <remarks>
/// <para>
/// Levels follow OpenCV's <c>pyrDown</c>: a separable 5x5 Gaussian [1 4 6 4 1]/16 with reflect-101 borders, every
/// second pixel kept, level size <c>((w + 1) / 2, (h + 1) / 2)</c>, rounding <c>(sum + 128) &gt;&gt; 8</c>. Gradients
/// are OpenCV's unnormalised 3x3 Scharr derivatives (x: [-3 0 3; -10 0 10; -3 0 3], y transposed) with reflect-101
/// borders, in int16 planes, as <c>calcOpticalFlowPyrLK</c> computes them. As in OpenCV's <c>buildOpticalFlowPyramid</c>,
/// no level is added once the next one would be no larger than the window.
/// </para>
/// <para>
/// Every level is stored with a margin of <see cref="Border"/> pixels on each side: the image margin repeats the
/// image by reflect-101, the gradient margin is zero. The tracker reads windows that overhang the image from
/// there, exactly as OpenCV does, without bounds tests in its inner loops.
/// </para>
/// <para>
/// A pyramid can cover a region of the frame only (<see cref="Build(GrayImage, PixelRect)"/>): the levels are then
/// computed over that region, its origin aligned to <see cref="RegionAlignment"/> so that every level samples the same
/// pixels as the full-frame pyramid. Level 0 and its margin are copied from the frame, so they equal the full-frame
/// values; higher levels, whose margin is mirrored inside the region, may differ from the full-frame values within
/// <see cref="InexactRing"/> pixels of a region edge that is not a frame edge. Coordinates stay those of the frame.
/// </para>
/// <para>
/// The buffers are allocated for the whole frame on the first build and reused while the frame size stays the same,
/// so rebuilding per frame, over any region, allocates nothing. An instance is not thread-safe; concurrent reads of a
/// built pyramid are.
/// </para>
/// </remarks>
public sealed partial class ImagePyramid
{
    private readonly int _maxLevel;
    private readonly int _windowWidth;
    private readonly int _windowHeight;
    private Level[] _levels = [];
    private int _levelCount;

    /// <summary>Creates an empty pyramid sized for the given tracker settings.</summary>
    public ImagePyramid(LucasKanadeOptions options)
        : this(Validated(options).MaxLevel, options.WindowWidth, options.WindowHeight)
    {
    }

    /// <summary>Creates an empty pyramid with up to <paramref name="maxLevel"/> levels above level 0.</summary>
    /// <param name="maxLevel">Highest level wanted (0..15).</param>
    /// <param name="windowWidth">Tracking window width in pixels (at least 3); sets the margin and the smallest level.</param>
    /// <param name="windowHeight">Tracking window height in pixels (at least 3).</param>
    public ImagePyramid(int maxLevel, int windowWidth, int windowHeight)
    {
        new LucasKanadeOptions { MaxLevel = maxLevel, WindowWidth = windowWidth, WindowHeight = windowHeight }.Validate();
        _maxLevel = maxLevel;
        _windowWidth = windowWidth;
        _windowHeight = windowHeight;
        Border = Math.Max(windowWidth, windowHeight);
    }

    /// <summary>
    /// Pixels, counted inward from a region edge that is not also a frame edge, where a level above 0 of a region
    /// pyramid may differ from the full-frame pyramid (image values 2, gradients one more). Elsewhere inside the
    /// region, and everywhere on level 0, the values are equal.
    /// </summary>
    public const int InexactRing = 3;

    /// <summary>Margin in pixels stored around every level (the larger window side).</summary>
    public int Border { get; }

    /// <summary>
    /// Region origins are multiples of this (2^(levels - 1)), so each level's region starts on a pixel of the
    /// full-frame level; 1 before the first build.
    /// </summary>
    public int RegionAlignment => _levelCount > 0 ? 1 << (_levelCount - 1) : 1;

    /// <summary>The part of the frame the last build covered, in frame pixels (the whole frame for a full build).</summary>
    public PixelRect Region => _levelCount > 0 ? LevelRegion(0) : default;

    /// <summary>Number of levels built (level 0 is the frame itself); 0 before the first <see cref="Build(GrayImage)"/>.</summary>
    public int LevelCount => _levelCount;

    /// <summary>Width of the frame (level 0) in pixels (0 before the first build).</summary>
    public int Width => _levelCount > 0 ? _levels[0].FrameWidth : 0;

    /// <summary>Height of the frame (level 0) in pixels (0 before the first build).</summary>
    public int Height => _levelCount > 0 ? _levels[0].FrameHeight : 0;

    /// <summary>Width of a level of the whole frame in pixels.</summary>
    public int LevelWidth(int level) => GetLevel(level).FrameWidth;

    /// <summary>Height of a level of the whole frame in pixels.</summary>
    public int LevelHeight(int level) => GetLevel(level).FrameHeight;

    /// <summary>The region built at a level, in that level's pixels.</summary>
    public PixelRect LevelRegion(int level)
    {
        var l = GetLevel(level);
        return new PixelRect(l.X0, l.Y0, l.Width, l.Height);
    }

    /// <summary>
    /// A pixel of a level, in the level's frame coordinates; x and y may lie up to <see cref="Border"/> pixels
    /// outside the built region (reflect-101 values at frame edges).
    /// </summary>
    public byte GetPixel(int level, int x, int y)
    {
        var l = GetLevel(level);
        return l.Image[CheckedOffset(l, x, y)];
    }

    /// <summary>The Scharr gradient at a pixel of a level (0 in the margin), in OpenCV's unnormalised units.</summary>
    public (short Dx, short Dy) GetGradient(int level, int x, int y)
    {
        var l = GetLevel(level);
        var o = CheckedOffset(l, x, y);
        return (l.GradientX[o], l.GradientY[o]);
    }

    /// <summary>
    /// Rebuilds all levels of the whole of <paramref name="image"/>. Reuses the buffers when the size is unchanged,
    /// so it does not allocate per frame; a new size reallocates them.
    /// </summary>
    public void Build(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Build(image, new PixelRect(0, 0, image.Width, image.Height));
    }

    /// <summary>
    /// Rebuilds all levels over <paramref name="region"/> of <paramref name="image"/> only. The region is grown
    /// outward to multiples of <see cref="RegionAlignment"/> and clipped to the frame; <see cref="Region"/> tells
    /// what was built. Allocation as for <see cref="Build(GrayImage)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The region does not overlap the frame.</exception>
    public void Build(GrayImage image, PixelRect region)
    {
        ArgumentNullException.ThrowIfNull(image);
        EnsureLevels(image.Width, image.Height);
        var a = RegionAlignment;
        var left = Math.Max(0, FloorTo(region.X, a));
        var top = Math.Max(0, FloorTo(region.Y, a));
        var right = Math.Min(image.Width, CeilTo((long)region.X + region.Width, a));
        var bottom = Math.Min(image.Height, CeilTo((long)region.Y + region.Height, a));
        if (region.IsEmpty || right <= left || bottom <= top)
        {
            throw new ArgumentException($"The region {region} does not overlap the {image.Width}x{image.Height} frame.", nameof(region));
        }

        // Halving an aligned origin stays on the grid, and halving rounded up keeps a region that ends at the
        // frame's edge ending at each level's edge, so region levels sample exactly the full-frame levels' pixels.
        _levels[0].SetRegion(left, top, right - left, bottom - top);
        for (var i = 1; i < _levelCount; i++)
        {
            var below = _levels[i - 1];
            _levels[i].SetRegion(below.X0 / 2, below.Y0 / 2, (below.Width + 1) / 2, (below.Height + 1) / 2);
        }

        CopyIntoLevel(image, _levels[0]);
        Gradients(_levels[0]);
        for (var i = 1; i < _levelCount; i++)
        {
            PyramidFilters.PyrDown(_levels[i - 1], _levels[i]);
            FillBorder(_levels[i]);
            Gradients(_levels[i]);
        }
    }

    internal Level GetLevel(int level)
    {
        if ((uint)level >= (uint)_levelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The pyramid has {_levelCount} levels.");
        }

        return _levels[level];
    }

    private static LucasKanadeOptions Validated(LucasKanadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private int CheckedOffset(Level l, int x, int y)
    {
        if (x < l.X0 - Border || x >= l.X0 + l.Width + Border || y < l.Y0 - Border || y >= l.Y0 + l.Height + Border)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) lies beyond the {Border}-pixel margin of the {l.Width}x{l.Height} region at ({l.X0}, {l.Y0}) of a {l.FrameWidth}x{l.FrameHeight} level.");
        }

        return l.Base + (y * l.Stride) + x;
    }

    private static int FloorTo(int value, int multiple) => (int)Math.Floor(value / (double)multiple) * multiple;

    private static int CeilTo(long value, int multiple) => (int)Math.Min(int.MaxValue, (long)Math.Ceiling(value / (double)multiple) * multiple);

    private void EnsureLevels(int width, int height)
    {
        if (_levelCount > 0 && _levels[0].FrameWidth == width && _levels[0].FrameHeight == height)
        {
            return;
        }

        // Same stopping rule as OpenCV's buildOpticalFlowPyramid: stop once the next level would not exceed the window.
        var count = 1;
        int w = width, h = height;
        while (count <= _maxLevel)
        {
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            if (w <= _windowWidth || h <= _windowHeight)
            {
                break;
            }

            count++;
        }

        var levels = new Level[count];
        w = width;
        h = height;
        for (var i = 0; i < count; i++)
        {
            levels[i] = new Level(w, h, Border);
            w = (w + 1) / 2;
            h = (h + 1) / 2;
        }

        _levels = levels;
        _levelCount = count;
    }
}
