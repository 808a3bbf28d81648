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

    /// <summary>
    /// True for a live device (a camera): its read failures are retried with a backoff, frames come at the device's
    /// pace and cannot be waited for. False for recorded media (files, image folders), which can be read as fast as
    /// wanted and whose bad frames are skipped.
    /// </summary>
    bool IsLive { get; }

    /// <summary>Nominal frames per second, or 0 when unknown (image folders, some cameras).</summary>
    double FramesPerSecond { get; }

    /// <summary>
    /// Reads the next frame into <paramref name="frame"/>. Returns false at the end of the source.
    /// Throws <see cref="FrameSourceException"/> when the source fails (a vanished device, an unreadable file).
    /// </summary>
    bool TryRead(VideoFrame frame);

    /// <summary>
    /// After <see cref="TryRead"/> returned false: a warning when the source ended early or damaged (a truncated
    /// video, decoding errors), for the log; null when it ended cleanly or cannot tell.
    /// </summary>
    string? EndWarning => null;
}
