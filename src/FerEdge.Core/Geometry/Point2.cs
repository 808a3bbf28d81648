namespace FerEdge.Core.Geometry;

/// <summary>A point in image pixel coordinates (x to the right, y down).</summary>
public readonly record struct Point2(float X, float Y);
