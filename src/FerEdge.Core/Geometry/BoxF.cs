namespace FerEdge.Core.Geometry;

/// <summary>An axis-aligned box in pixel coordinates: top-left corner and size.</summary>
public readonly record struct BoxF(float X, float Y, float Width, float Height)
{
    /// <summary>Centre x.</summary>
    public float CenterX => X + (Width / 2f);

    /// <summary>Centre y.</summary>
    public float CenterY => Y + (Height / 2f);

    /// <summary>Right edge (exclusive).</summary>
    public float Right => X + Width;

    /// <summary>Bottom edge (exclusive).</summary>
    public float Bottom => Y + Height;

    /// <summary>Area in square pixels (0 for degenerate boxes).</summary>
    public float Area => Width > 0 && Height > 0 ? Width * Height : 0f;

    /// <summary>Intersection over union with <paramref name="other"/>, 0 when they do not overlap.</summary>
    public float IntersectionOverUnion(BoxF other)
    {
        var w = MathF.Min(Right, other.Right) - MathF.Max(X, other.X);
        var h = MathF.Min(Bottom, other.Bottom) - MathF.Max(Y, other.Y);
        if (w <= 0 || h <= 0)
        {
            return 0f;
        }

        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }
}
