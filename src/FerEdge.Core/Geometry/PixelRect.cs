namespace FerEdge.Core.Geometry;

/// <summary>
/// An integer pixel rectangle with exclusive right and bottom edges: it holds the pixels x in
/// [<see cref="X"/>, <see cref="Right"/>) and y in [<see cref="Y"/>, <see cref="Bottom"/>).
/// </summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>First column past the rectangle.</summary>
    public int Right => X + Width;

    /// <summary>First row past the rectangle.</summary>
    public int Bottom => Y + Height;

    /// <summary>True when the rectangle holds no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>The rectangle from its edges (left and top inclusive, right and bottom exclusive).</summary>
    public static PixelRect FromEdges(int left, int top, int right, int bottom) => new(left, top, right - left, bottom - top);
}
