namespace FerEdge.Core.Imaging;

/// <summary>
/// An 8-bit, 3-channel interleaved image (stride = 3 * width) in <see cref="PixelOrder"/>.
/// </summary>
/// <remarks>The image owns its pixel array. Not thread-safe for writes.</remarks>
public sealed class ColorImage
{
    private readonly byte[] _pixels;

    /// <summary>Wraps <paramref name="pixels"/> (not copied); its length must be at least 3 * width * height.</summary>
    public ColorImage(int width, int height, byte[] pixels, PixelOrder order)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length < 3L * width * height)
        {
            throw new ArgumentException($"A {width}x{height} colour image needs {3 * width * height} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Order = order;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Channel order of each pixel.</summary>
    public PixelOrder Order { get; }

    /// <summary>All pixels, interleaved, <c>3 * Width * Height</c> bytes.</summary>
    public Span<byte> Pixels => _pixels.AsSpan(0, 3 * Width * Height);

    /// <summary>The underlying array (may be longer than needed).</summary>
    public byte[] Buffer => _pixels;
}
