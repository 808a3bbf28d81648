namespace FerEdge.Core.Imaging;

/// <summary>Channel order of an interleaved 3-channel image.</summary>
public enum PixelOrder
{
    /// <summary>Blue, green, red (OpenCV's order).</summary>
    Bgr,

    /// <summary>Red, green, blue.</summary>
    Rgb,
}
