using System.Numerics;
using FerEdge.Core.Imaging;

namespace FerEdge.Core.Tracking;

/// <content>Level storage, and filling a level's margin and gradients.</content>
public sealed partial class ImagePyramid
{
    // The gradient margin must read zero, as OpenCV's does. Scharr writes only the region, stored from the buffers'
    // start, so only the right and bottom margins can hold values of an earlier, larger region; they are cleared
    // then, and a pyramid always built over the whole frame never pays for it.
    private static void Gradients(Level l)
    {
        PyramidFilters.Scharr(l);
        var b = l.Border;
        if (l.WrittenWidth > l.Width)
        {
            var columns = Math.Min(l.WrittenWidth - l.Width, b);
            for (var y = 0; y < l.Height; y++)
            {
                var start = l.Origin + (y * l.Stride) + l.Width;
                l.GradientX.AsSpan(start, columns).Clear();
                l.GradientY.AsSpan(start, columns).Clear();
            }
        }

        if (l.WrittenHeight > l.Height)
        {
            var columns = Math.Min(Math.Max(l.WrittenWidth, l.Width), l.Width + b);
            for (var y = l.Height; y < Math.Min(l.WrittenHeight, l.Height + b); y++)
            {
                var start = l.Origin + (y * l.Stride);
                l.GradientX.AsSpan(start, columns).Clear();
                l.GradientY.AsSpan(start, columns).Clear();
            }
        }

        l.WrittenWidth = Math.Max(l.WrittenWidth, l.Width);
        l.WrittenHeight = Math.Max(l.WrittenHeight, l.Height);
    }

    // Level 0 with its margin straight from the frame (reflect-101 only beyond the frame's edges), so a region's
    // level 0 equals the full-frame one margin included, and level 1 computed from it is exact as well.
    private static void CopyIntoLevel(GrayImage image, Level l)
    {
        var b = l.Border;
        var left = l.X0 - b;
        var right = l.X0 + l.Width + b;
        var inLeft = Math.Max(left, 0);
        var inRight = Math.Min(right, image.Width);
        for (var y = -b; y < l.Height + b; y++)
        {
            var source = image.Row(Reflect101(l.Y0 + y, image.Height));
            var row = l.Image.AsSpan(l.Origin + (y * l.Stride) - b, right - left);
            source[inLeft..inRight].CopyTo(row[(inLeft - left)..]);
            for (var x = left; x < inLeft; x++)
            {
                row[x - left] = source[Reflect101(x, image.Width)];
            }

            for (var x = inRight; x < right; x++)
            {
                row[x - left] = source[Reflect101(x, image.Width)];
            }
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
        var length = l.Width + (2 * l.Border);
        var span = l.Image.AsSpan(start + (fromY * l.Stride), length);
        span.CopyTo(l.Image.AsSpan(start + (toY * l.Stride), length));
    }

    /// <summary>
    /// One level: padded image, padded gradient planes (same indexing), and a scratch row for pyrDown. The buffers
    /// hold the whole frame's level; the built region is stored from the buffers' start, so the filters see a
    /// region as a small image of <see cref="Width"/> x <see cref="Height"/> at <see cref="Origin"/>.
    /// </summary>
    internal sealed class Level
    {
        public Level(int width, int height, int border)
        {
            FrameWidth = width;
            FrameHeight = height;
            Border = border;
            Stride = width + (2 * border);
            Origin = (border * Stride) + border;
            SetRegion(0, 0, width, height);
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

        /// <summary>Size of this level of the whole frame.</summary>
        public int FrameWidth { get; }

        public int FrameHeight { get; }

        /// <summary>The region's top-left corner, in this level's frame pixels.</summary>
        public int X0 { get; private set; }

        public int Y0 { get; private set; }

        /// <summary>Region size in pixels (the whole level after a full build).</summary>
        public int Width { get; private set; }

        public int Height { get; private set; }

        /// <summary>Index of frame pixel (0, 0) in the planes (may lie outside them): frame pixel (x, y) is at
        /// <c>Base + y * Stride + x</c>.</summary>
        public int Base { get; private set; }

        public int Border { get; }

        /// <summary>Largest region extent whose gradients were ever written (stale values may lie up to there).</summary>
        public int WrittenWidth { get; set; }

        public int WrittenHeight { get; set; }

        /// <summary>Elements per padded row.</summary>
        public int Stride { get; }

        /// <summary>Index of the region's first pixel in <see cref="Image"/> and in the gradient planes.</summary>
        public int Origin { get; }

        public byte[] Image { get; }

        public short[] GradientX { get; }

        public short[] GradientY { get; }

        public ushort[] ColumnSums { get; }

        public void SetRegion(int x0, int y0, int width, int height)
        {
            X0 = x0;
            Y0 = y0;
            Width = width;
            Height = height;
            Base = Origin - (y0 * Stride) - x0;
        }
    }
}
