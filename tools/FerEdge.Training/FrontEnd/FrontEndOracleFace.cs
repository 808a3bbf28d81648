using FerEdge.Core.Geometry;

namespace FerEdge.Training.FrontEnd;

/// <summary>One face from dlib's full pipeline: its HOG box and the unrounded 68-point shape (x0, y0, ..., pixels).</summary>
internal sealed record FrontEndOracleFace(DlibRect Box, float[] Shape)
{
    /// <summary>The HOG box as a float box (left, top, width, height with dlib's inclusive width).</summary>
    public BoxF BoxF => new(Box.Left, Box.Top, Box.Width, Box.Height);
}
