namespace FerEdge.Core.Frames;

/// <summary>
/// A sequence of frames read one at a time into a caller-owned <see cref="VideoFrame"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: one reader at a time. Whoever creates a source disposes it.
/// </remarks>
public interface IFrameSource : IDisposable
{
    /// <summary>A short description for logs (the file, folder or device).</summary>
    string Description { get; }

    /// <summary>Nominal frames per second, or 0 when unknown (image folders, some cameras).</summary>
    double FramesPerSecond { get; }

    /// <summary>
    /// Reads the next frame into <paramref name="frame"/>. Returns false at the end of the source.
    /// Throws <see cref="FrameSourceException"/> when the source fails (a vanished device, an unreadable file).
    /// </summary>
    bool TryRead(VideoFrame frame);
}
