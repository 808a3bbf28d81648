using FerEdge.Core.Imaging;

namespace FerEdge.Core.Frames;

/// <summary>
/// One captured frame: its colour pixels (BGR), its grayscale pixels, its index and media time.
/// </summary>
/// <remarks>
/// A frame is a reusable buffer: a frame source overwrites it on every read, reallocating only when the size
/// changes. It has one owner at a time and is not thread-safe.
/// </remarks>
public sealed class VideoFrame
{
    private byte[] _colorBuffer = [];
    private byte[] _grayBuffer = [];

    /// <summary>0-based index of the frame in its source.</summary>
    public long Index { get; set; }

    /// <summary>Media time in seconds from the start of the source.</summary>
    public double Time { get; set; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; private set; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; private set; }

    /// <summary>Colour pixels in BGR order, or null before the first write.</summary>
    public ColorImage? Color { get; private set; }

    /// <summary>Grayscale pixels, or null before the first write.</summary>
    public GrayImage? Gray { get; private set; }

    /// <summary>
    /// Makes the buffers fit a <paramref name="width"/> x <paramref name="height"/> frame, keeping them when the size
    /// is unchanged. Pixel contents are undefined afterwards until written.
    /// </summary>
    public void EnsureSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == Width && height == Height && Color is not null)
        {
            return;
        }

        var pixels = checked(width * height);
        if (_colorBuffer.Length < pixels * 3)
        {
            _colorBuffer = new byte[pixels * 3];
        }

        if (_grayBuffer.Length < pixels)
        {
            _grayBuffer = new byte[pixels];
        }

        Width = width;
        Height = height;
        Color = new ColorImage(width, height, _colorBuffer, PixelOrder.Bgr);
        Gray = new GrayImage(width, height, _grayBuffer);
    }
}
