using System.Numerics;
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
/// The buffers are allocated on the first <see cref="Build"/> and reused while the frame size stays the same, so
/// rebuilding per frame allocates nothing. An instance is not thread-safe; concurrent reads of a built pyramid are.
/// </para>
/// </remarks>
public sealed class ImagePyramid
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

    /// <summary>Margin in pixels stored around every level (the larger window side).</summary>
    public int Border { get; }

    /// <summary>Number of levels built (level 0 is the frame itself); 0 before the first <see cref="Build"/>.</summary>
    public int LevelCount => _levelCount;

    /// <summary>Width of level 0 in pixels (0 before the first build).</summary>
    public int Width => _levelCount > 0 ? _levels[0].Width : 0;

    /// <summary>Height of level 0 in pixels (0 before the first build).</summary>
    public int Height => _levelCount > 0 ? _levels[0].Height : 0;

    /// <summary>Width of a level in pixels.</summary>
    public int LevelWidth(int level) => GetLevel(level).Width;

    /// <summary>Height of a level in pixels.</summary>
    public int LevelHeight(int level) => GetLevel(level).Height;

    /// <summary>
    /// A pixel of a level; x and y may lie up to <see cref="Border"/> pixels outside the level (reflect-101 values).
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
    /// Rebuilds all levels from <paramref name="image"/>. Reuses the buffers when the size is unchanged, so it does
    /// not allocate per frame; a new size reallocates them.
    /// </summary>
    public void Build(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        EnsureLevels(image.Width, image.Height);
        CopyIntoLevel(image, _levels[0]);
        FillBorder(_levels[0]);
        PyramidFilters.Scharr(_levels[0]);
        for (var i = 1; i < _levelCount; i++)
        {
            PyramidFilters.PyrDown(_levels[i - 1], _levels[i]);
            FillBorder(_levels[i]);
            PyramidFilters.Scharr(_levels[i]);
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
        if (x < -Border || x >= l.Width + Border || y < -Border || y >= l.Height + Border)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) lies beyond the {Border}-pixel margin of a {l.Width}x{l.Height} level.");
        }

        return l.Origin + (y * l.Stride) + x;
    }

    private void EnsureLevels(int width, int height)
    {
        if (_levelCount > 0 && _levels[0].Width == width && _levels[0].Height == height)
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

    private static void CopyIntoLevel(GrayImage image, Level level)
    {
        for (var y = 0; y < level.Height; y++)
        {
            image.Row(y).CopyTo(level.Image.AsSpan(level.Origin + (y * level.Stride), level.Width));
        }
    }

    /// <summary>Reflect-101 index into [0, length): -1 maps to 1, length to length - 2 (0 when length is 1).</summary>
    internal static int Reflect101(int i, int length)
    {
        if (length == 1)
        {
            return 0;
        }

        while ((uint)i >= (uint)length)
        {
            i = i < 0 ? -i : (2 * length) - i - 2;
        }

        return i;
    }

    private static void FillBorder(Level l)
    {
        var img = l.Image;
        var b = l.Border;
        for (var y = 0; y < l.Height; y++)
        {
            var row = l.Origin + (y * l.Stride);
            for (var x = 1; x <= b; x++)
            {
                img[row - x] = img[row + Reflect101(-x, l.Width)];
                img[row + l.Width - 1 + x] = img[row + Reflect101(l.Width - 1 + x, l.Width)];
            }
        }

        // Whole padded rows, corners included, reflect the rows already widened above.
        for (var y = 1; y <= b; y++)
        {
            CopyPaddedRow(l, Reflect101(-y, l.Height), -y);
            CopyPaddedRow(l, Reflect101(l.Height - 1 + y, l.Height), l.Height - 1 + y);
        }
    }

    private static void CopyPaddedRow(Level l, int fromY, int toY)
    {
        var start = l.Origin - l.Border;
        var span = l.Image.AsSpan(start + (fromY * l.Stride), l.Stride);
        span.CopyTo(l.Image.AsSpan(start + (toY * l.Stride), l.Stride));
    }

    /// <summary>One level: padded image, padded gradient planes (same indexing), and a scratch row for pyrDown.</summary>
    internal sealed class Level
    {
        public Level(int width, int height, int border)
        {
            Width = width;
            Height = height;
            Border = border;
            Stride = width + (2 * border);
            Origin = (border * Stride) + border;
            var size = checked(Stride * (height + (2 * border)));
            Image = new byte[size + Slack];
            GradientX = new short[size + Slack];
            GradientY = new short[size + Slack];

            // Vector loads in ComputeScharr and PyrDown read whole vectors, so the scratch row is rounded up.
            ColumnSums = new ushort[width + 4 + Vector<byte>.Count];
        }

        /// <summary>
        /// Elements allocated past the last padded row of the image and gradient planes: vector reads of a window
        /// at the bottom-right corner of the margin run up to 16 elements beyond it.
        /// </summary>
        public const int Slack = 32;

        public int Width { get; }

        public int Height { get; }

        public int Border { get; }

        /// <summary>Elements per padded row.</summary>
        public int Stride { get; }

        /// <summary>Index of pixel (0, 0) in <see cref="Image"/> and in the gradient planes.</summary>
        public int Origin { get; }

        public byte[] Image { get; }

        public short[] GradientX { get; }

        public short[] GradientY { get; }

        public ushort[] ColumnSums { get; }
    }
}
