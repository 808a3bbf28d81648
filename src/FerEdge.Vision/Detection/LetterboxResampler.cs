using FerEdge.Core.Detection;

namespace FerEdge.Vision.Detection;

/// <summary>
/// Writes a frame into a square NHWC float RGB tensor, letterboxed (aspect ratio kept, centred, black padding) with
/// bilinear sampling, each channel mapped from [0, 255] to [-1, 1] as MediaPipe's BlazeFace graphs expect.
/// </summary>
/// <remarks>
/// Column and row sampling tables are rebuilt only when the frame size or layout changes, and the padding is written
/// only then, so a steady stream of same-sized frames costs one pass over the content pixels and allocates nothing.
/// One instance per detector; not thread-safe.
/// </remarks>
public sealed class LetterboxResampler
{
    private const float Gain = 2f / 255f;
    private const float Offset = -1f;

    private readonly int _size;
    private readonly int[] _col0;
    private readonly int[] _col1;
    private readonly float[] _colWeight;
    private readonly int[] _row0;
    private readonly int[] _row1;
    private readonly float[] _rowWeight;
    private int _frameWidth;
    private int _frameHeight;
    private PixelLayout _layout;
    private int _x0;
    private int _x1;
    private int _y0;
    private int _y1;

    /// <summary>Creates a resampler for a <paramref name="inputSize"/> x <paramref name="inputSize"/> tensor.</summary>
    public LetterboxResampler(int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        _size = inputSize;
        _col0 = new int[inputSize];
        _col1 = new int[inputSize];
        _colWeight = new float[inputSize];
        _row0 = new int[inputSize];
        _row1 = new int[inputSize];
        _rowWeight = new float[inputSize];
    }

    /// <summary>The placement of the last frame written.</summary>
    public Letterbox Letterbox { get; private set; }

    /// <summary>Bytes per pixel of <paramref name="layout"/>.</summary>
    public static int BytesPerPixel(PixelLayout layout) => layout switch
    {
        PixelLayout.Gray8 => 1,
        PixelLayout.Bgr24 or PixelLayout.Rgb24 => 3,
        PixelLayout.Bgra32 or PixelLayout.Rgba32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown pixel layout."),
    };

    /// <summary>
    /// Resamples the frame into <paramref name="tensor"/> (<c>size * size * 3</c> floats, RGB, row-major).
    /// </summary>
    /// <param name="pixels">The frame; row <c>y</c> starts at <c>y * stride</c>.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="stride">Bytes from one row to the next (at least width times the pixel size).</param>
    /// <param name="layout">Pixel layout of <paramref name="pixels"/>.</param>
    /// <param name="tensor">The destination; must keep its padding between calls (the same buffer each time).</param>
    /// <returns>The placement of the frame, for mapping detections back.</returns>
    public Letterbox Write(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelLayout layout, Span<float> tensor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var bpp = BytesPerPixel(layout);
        if (stride < width * bpp)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"A {width}-pixel {layout} row needs a stride of at least {width * bpp} bytes.");
        }

        if (pixels.Length < ((long)(height - 1) * stride) + ((long)width * bpp))
        {
            throw new ArgumentException($"A {width}x{height} {layout} frame with stride {stride} needs more than the {pixels.Length} bytes given.", nameof(pixels));
        }

        if (tensor.Length != _size * _size * 3)
        {
            throw new ArgumentException($"The tensor must hold {_size * _size * 3} floats, got {tensor.Length}.", nameof(tensor));
        }

        if (width != _frameWidth || height != _frameHeight || layout != _layout)
        {
            Prepare(width, height, layout, bpp);
            tensor.Fill(Offset);
        }

        var (r, g, b) = ChannelOffsets(layout);
        for (var y = _y0; y < _y1; y++)
        {
            var row0 = pixels.Slice(_row0[y] * stride);
            var row1 = pixels.Slice(_row1[y] * stride);
            var fy = _rowWeight[y];
            var dst = tensor.Slice(((y * _size) + _x0) * 3, (_x1 - _x0) * 3);
            var d = 0;
            for (var x = _x0; x < _x1; x++)
            {
                var c0 = _col0[x];
                var c1 = _col1[x];
                var fx = _colWeight[x];
                dst[d++] = Sample(row0, row1, c0 + r, c1 + r, fx, fy);
                dst[d++] = Sample(row0, row1, c0 + g, c1 + g, fx, fy);
                dst[d++] = Sample(row0, row1, c0 + b, c1 + b, fx, fy);
            }
        }

        return Letterbox;
    }

    private static float Sample(ReadOnlySpan<byte> row0, ReadOnlySpan<byte> row1, int i0, int i1, float fx, float fy)
    {
        var top = row0[i0] + (fx * (row0[i1] - row0[i0]));
        var bottom = row1[i0] + (fx * (row1[i1] - row1[i0]));
        return ((top + (fy * (bottom - top))) * Gain) + Offset;
    }

    private static (int R, int G, int B) ChannelOffsets(PixelLayout layout) => layout switch
    {
        PixelLayout.Gray8 => (0, 0, 0),
        PixelLayout.Bgr24 or PixelLayout.Bgra32 => (2, 1, 0),
        _ => (0, 1, 2),
    };

    private void Prepare(int width, int height, PixelLayout layout, int bpp)
    {
        var box = Letterbox.Fit(width, height, _size);
        Letterbox = box;
        _frameWidth = width;
        _frameHeight = height;
        _layout = layout;
        _x0 = (int)MathF.Round(box.PadX);
        _x1 = Math.Min(_size, (int)MathF.Round(box.PadX + (width * box.Scale)));
        _y0 = (int)MathF.Round(box.PadY);
        _y1 = Math.Min(_size, (int)MathF.Round(box.PadY + (height * box.Scale)));
        Table(_x0, _x1, box.PadX, box.Scale, width, _col0, _col1, _colWeight);
        Table(_y0, _y1, box.PadY, box.Scale, height, _row0, _row1, _rowWeight);
        for (var x = _x0; x < _x1; x++)
        {
            _col0[x] *= bpp;
            _col1[x] *= bpp;
        }
    }

    private static void Table(int from, int to, float pad, float scale, int extent, int[] i0, int[] i1, float[] weight)
    {
        for (var d = from; d < to; d++)
        {
            // Pixel centres on both sides (OpenCV's INTER_LINEAR convention), clamped at the frame border.
            var s = Math.Clamp(((d + 0.5f - pad) / scale) - 0.5f, 0f, extent - 1);
            var lo = Math.Min((int)s, extent - 1);
            i0[d] = lo;
            i1[d] = Math.Min(lo + 1, extent - 1);
            weight[d] = s - lo;
        }
    }
}
