using FerEdge.Core.Frames;

namespace FerEdge.Capture;

/// <summary>Opens the frame source named by a <c>--source</c> value of the command-line contract.</summary>
public static class FrameSources
{
    /// <summary>
    /// Opens <paramref name="spec"/>: <c>camera:N</c>, a V4L2 device path (<c>/dev/videoN</c>), a folder of images,
    /// an image file, or a video file. Throws <see cref="FrameSourceException"/> naming the source when it cannot.
    /// </summary>
    public static IFrameSource Open(string spec)
    {
        ArgumentException.ThrowIfNullOrEmpty(spec);
        if (spec.StartsWith("camera:", StringComparison.Ordinal))
        {
            return int.TryParse(spec.AsSpan("camera:".Length), out var index) && index >= 0
                ? CameraSource.Open(index)
                : throw new FrameSourceException($"Bad camera source '{spec}': expected camera:N with N a camera index.");
        }

        if (spec.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            return CameraSource.Open(spec);
        }

        if (Directory.Exists(spec))
        {
            return new ImageFolderSource(spec);
        }

        if (!File.Exists(spec))
        {
            throw new FrameSourceException($"Source not found: {spec} (expected camera:N, /dev/videoN, a video file or an image folder).");
        }

        return ImageFolderSource.IsImageFile(spec) ? ImageFolderSource.SingleImage(spec) : new VideoFileSource(spec);
    }
}
