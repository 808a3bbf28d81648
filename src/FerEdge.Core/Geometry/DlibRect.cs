namespace FerEdge.Core.Geometry;

/// <summary>
/// A rectangle in dlib's convention: inclusive integer pixel bounds, so its width is <c>Right - Left + 1</c>.
/// </summary>
public readonly record struct DlibRect(int Left, int Top, int Right, int Bottom)
{
    /// <summary>Width in pixels (inclusive bounds).</summary>
    public int Width => Right - Left + 1;

    /// <summary>Height in pixels (inclusive bounds).</summary>
    public int Height => Bottom - Top + 1;

    /// <summary>True when the rectangle has no pixels.</summary>
    public bool IsEmpty => Right < Left || Bottom < Top;
}
