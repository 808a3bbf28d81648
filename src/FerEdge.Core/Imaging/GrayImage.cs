namespace FerEdge.Core.Imaging;

/// <summary>
/// An 8-bit grayscale image stored row-major with no padding (stride = width).
/// </summary>
/// <remarks>
/// The image owns its pixel array. It is not thread-safe for writes; concurrent reads are safe.
/// </remarks>
public sealed class GrayImage
{
    private readonly byte[] _pixels;

    /// <summary>Creates a black image of the given size.</summary>
    public GrayImage(int width, int height)
        : this(width, height, new byte[checked(RequirePositive(width, nameof(width)) * RequirePositive(height, nameof(height)))])
    {
    }

    /// <summary>Wraps <paramref name="pixels"/> (not copied); its length must be at least width * height.</summary>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        RequirePositive(width, nameof(width));
        RequirePositive(height, nameof(height));
        if (pixels.Length < (long)width * height)
        {
            throw new ArgumentException($"A {width}x{height} image needs {width * height} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>All pixels, row-major, <c>Width * Height</c> bytes.</summary>
    public Span<byte> Pixels => _pixels.AsSpan(0, Width * Height);

    /// <summary>The underlying array (may be longer than <c>Width * Height</c>).</summary>
    public byte[] Buffer => _pixels;

    /// <summary>One row of pixels.</summary>
    public Span<byte> Row(int y) => _pixels.AsSpan(y * Width, Width);

    /// <summary>The pixel at (x, y), or 0 outside the image (dlib's convention for feature pixels).</summary>
    public byte GetOrZero(int x, int y) =>
        (uint)x < (uint)Width && (uint)y < (uint)Height ? _pixels[(y * Width) + x] : (byte)0;

    private static int RequirePositive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Image dimensions must be positive.");
}
