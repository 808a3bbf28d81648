using FerEdge.Core.Frames;
using OpenCvSharp;

namespace FerEdge.Capture;

/// <summary>
/// A V4L2 camera read through OpenCV (x64 only: OpenCvSharp has no linux-arm64 native library). Media time is the
/// time since the first frame.
/// </summary>
/// <remarks>
/// Not thread-safe. A read failure after the camera opened throws <see cref="FrameSourceException"/> and releases the
/// device; each read after it tries to open the device again (the capture loop spaces those reads with its backoff),
/// so an unplugged camera that comes back delivers frames again.
/// </remarks>
public sealed class CameraSource : IFrameSource
{
    private readonly Func<VideoCapture> _open;
    private readonly Mat _mat = new();
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private VideoCapture? _capture;
    private long _next;

    private CameraSource(VideoCapture capture, Func<VideoCapture> open, string description)
    {
        _capture = capture;
        _open = open;
        Description = description;
        var fps = capture.Fps;
        FramesPerSecond = double.IsFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public double FramesPerSecond { get; }

    /// <inheritdoc />
    public bool IsLive => true;

    /// <summary>Opens camera <paramref name="index"/> (V4L2).</summary>
    public static CameraSource Open(int index) =>
        Open(() => new VideoCapture(index, VideoCaptureAPIs.V4L2), $"camera:{index}");

    /// <summary>Opens the V4L2 device at <paramref name="devicePath"/>.</summary>
    public static CameraSource Open(string devicePath) =>
        Open(() => new VideoCapture(devicePath, VideoCaptureAPIs.V4L2), devicePath);

    /// <inheritdoc />
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_capture is null)
        {
            var reopened = _open();
            if (!reopened.IsOpened())
            {
                reopened.Dispose();
                throw new FrameSourceException($"Camera {Description} is still gone.");
            }

            _capture = reopened;
        }

        if (!_capture.Read(_mat) || _mat.Empty())
        {
            _capture.Dispose();
            _capture = null;
            throw new FrameSourceException($"Camera {Description} returned no frame (unplugged or busy).");
        }

        MatFrames.CopyTo(_mat, frame);
        if (_next == 0)
        {
            _clock.Start();
        }

        frame.Index = _next++;
        frame.Time = _clock.Elapsed.TotalSeconds;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mat.Dispose();
        _capture?.Dispose();
        _capture = null;
    }

    /// <summary>Opens whatever <paramref name="open"/> opens, and opens it again after a loss (tests pass a file).</summary>
    internal static CameraSource Open(Func<VideoCapture> open, string description)
    {
        var capture = open();
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new FrameSourceException($"Cannot open camera {description}.");
        }

        return new CameraSource(capture, open, description);
    }
}
