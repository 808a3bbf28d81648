using FerEdge.Core.Frames;
using OpenCvSharp;

namespace FerEdge.Capture;

/// <summary>
/// Frames of a video file decoded by OpenCV (FFmpeg backend). Media time comes from the frame index and the
/// container's frame rate.
/// </summary>
/// <remarks>Not thread-safe. Disposing releases the decoder.</remarks>
public sealed class VideoFileSource : IFrameSource
{
    private readonly VideoCapture _capture;
    private readonly Mat _mat = new();
    private long _next;

    /// <summary>Opens <paramref name="path"/>; throws <see cref="FrameSourceException"/> naming it when it cannot.</summary>
    public VideoFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FrameSourceException($"Video file not found: {path}");
        }

        _capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        if (!_capture.IsOpened())
        {
            _capture.Dispose();
            _mat.Dispose();
            throw new FrameSourceException($"Cannot decode video file {path} (not a video, or a codec FFmpeg lacks).");
        }

        Description = path;
        var fps = _capture.Fps;
        FramesPerSecond = double.IsFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public double FramesPerSecond { get; }

    /// <inheritdoc />
    public bool IsLive => false;

    /// <inheritdoc />
    public string? EndWarning
    {
        get
        {
            var expected = _capture.FrameCount;
            return expected > 0 && _next < (0.9 * expected) - 2
                ? $"{Description} ended after {_next} frames, but its container promises {expected} (truncated?)"
                : null;
        }
    }

    /// <inheritdoc />
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!_capture.Read(_mat) || _mat.Empty())
        {
            return false;
        }

        MatFrames.CopyTo(_mat, frame);
        frame.Index = _next;
        frame.Time = FramesPerSecond > 0 ? _next / FramesPerSecond : _capture.PosMsec / 1000.0;
        _next++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mat.Dispose();
        _capture.Dispose();
    }
}
