namespace FerEdge.Vision.Detection;

/// <summary>Layout of one pixel in an interleaved 8-bit buffer.</summary>
public enum PixelLayout
{
    /// <summary>One gray byte per pixel.</summary>
    Gray8,

    /// <summary>Blue, green, red (OpenCV's default).</summary>
    Bgr24,

    /// <summary>Red, green, blue.</summary>
    Rgb24,

    /// <summary>Blue, green, red, alpha (alpha ignored).</summary>
    Bgra32,

    /// <summary>Red, green, blue, alpha (alpha ignored).</summary>
    Rgba32,
}
