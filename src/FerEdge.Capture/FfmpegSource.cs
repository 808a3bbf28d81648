using System.Diagnostics;
using FerEdge.Core.Frames;

namespace FerEdge.Capture;

/// <summary>
/// Frames decoded by an <c>ffmpeg</c> subprocess that writes raw BGR24 frames to its standard output: video files,
/// V4L2 cameras (<c>-f v4l2</c>), lavfi test inputs, and image files (one short-lived process per image). It needs no
/// OpenCvSharp native library, so it is the frame source on linux-arm64, where no OpenCvSharp runtime package exists.
/// </summary>
/// <remarks>
/// Not thread-safe: one reader at a time. Disposing kills the subprocess. Frame size and rate come from ffmpeg's own
/// description of its streams, read from its standard error before the first frame; video frames are passed through
/// with their real timing (<c>-fps_mode passthrough</c>), so ffmpeg pads or drops none. <c>ffmpeg</c> must be on
/// PATH (Debian package <c>ffmpeg</c>). Gray is the channel mean of the BGR pixels, as in the OpenCV sources.
/// </remarks>
public sealed class FfmpegSource : IFrameSource
{
    private readonly Kind _kind;
    private readonly string[] _images;
    private readonly long _maxPixels;
    private readonly Stopwatch _clock = new();
    private readonly string[] _input;
    private FfmpegProcess? _process;
    private long _next;
    private bool _disposed;

    /// <summary>How long a live source's reopening waits for ffmpeg to describe the stream.</summary>
    private const int ReopenTimeoutMs = 10_000;

    private FfmpegSource(Kind kind, string description, FfmpegProcess? process, string[] images, double framesPerSecond, long maxPixels = ImageHeader.DefaultMaxPixels, string[]? input = null)
    {
        _input = input ?? [];
        _maxPixels = maxPixels;
        _kind = kind;
        Description = description;
        _process = process;
        _images = images;
        FramesPerSecond = framesPerSecond;
    }

    private enum Kind
    {
        File,
        Live,
        Images,
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public double FramesPerSecond { get; }

    /// <inheritdoc />
    public bool IsLive => _kind == Kind.Live;

    /// <inheritdoc />
    public string? EndWarning => _kind == Kind.File ? _process?.EndWarning(_next) : null;

    /// <summary>Opens the video file at <paramref name="path"/>; media time is the frame index over the frame rate.</summary>
    public static FfmpegSource OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FrameSourceException($"Video file not found: {path}");
        }

        var process = FfmpegProcess.Start(["-i", path], path);
        return new FfmpegSource(Kind.File, path, process, [], process.FramesPerSecond);
    }

    /// <summary>
    /// Opens the V4L2 camera at <paramref name="devicePath"/> (for example <c>/dev/video0</c>) through
    /// <c>ffmpeg -f v4l2</c>, in the device's default mode; media time is the time since the first frame.
    /// </summary>
    public static FfmpegSource OpenCamera(string devicePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        return OpenLive(["-f", "v4l2", "-i", devicePath], devicePath);
    }

    /// <summary>
    /// Opens a live ffmpeg input (a V4L2 camera, or a network stream such as <c>rtsp://</c>), given as ffmpeg's input
    /// arguments (<c>-f FORMAT -i URL</c>). When the stream ends (the device vanished, the sender died) the next read
    /// throws <see cref="FrameSourceException"/>, and each read after that starts ffmpeg again until the stream is
    /// back; the capture loop spaces those reads with its backoff. Media time is the time since the first frame.
    /// </summary>
    public static FfmpegSource OpenLive(IReadOnlyList<string> input, string description)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(description);
        string[] args = [.. input];
        var process = FfmpegProcess.Start(args, "live source " + description);
        return new FfmpegSource(Kind.Live, description, process, [], process.FramesPerSecond, input: args);
    }

    /// <summary>
    /// Opens a lavfi filter graph as input, for example <c>testsrc2=size=320x240:rate=10:duration=2</c>; a graph
    /// without a duration never ends. Media time is the frame index over the frame rate.
    /// </summary>
    public static FfmpegSource OpenLavfi(string graph)
    {
        ArgumentException.ThrowIfNullOrEmpty(graph);
        var process = FfmpegProcess.Start(["-f", "lavfi", "-i", graph], "lavfi " + graph);
        return new FfmpegSource(Kind.File, "lavfi:" + graph, process, [], process.FramesPerSecond);
    }

    /// <summary>
    /// Reads the image files <paramref name="files"/> in the given order, one frame each; the frame index is the
    /// position in the list, media time that index over <paramref name="framesPerSecond"/> (or the index when 0).
    /// Images may differ in size. A file that ffmpeg cannot decode, or whose header claims more than
    /// <paramref name="maxPixels"/> pixels, throws <see cref="FrameSourceException"/> naming it; the next read goes on
    /// with the next file.
    /// </summary>
    public static FfmpegSource OpenImages(IReadOnlyList<string> files, string description, double framesPerSecond = 0, long maxPixels = ImageHeader.DefaultMaxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfNegative(framesPerSecond);
        if (files.Count == 0)
        {
            throw new FrameSourceException($"No images in {description}");
        }

        return new FfmpegSource(Kind.Images, description, null, [.. files], framesPerSecond, maxPixels);
    }

    /// <inheritdoc />
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_kind == Kind.Images)
        {
            return TryReadImage(frame);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_process is null && _kind == Kind.Live)
        {
            // Lost earlier: try again (throws while the device or stream is still gone).
            _process = FfmpegProcess.Start(_input, "live source " + Description, ReopenTimeoutMs);
        }

        var process = _process ?? throw new ObjectDisposedException(nameof(FfmpegSource));
        if (!process.TryRead(frame))
        {
            if (_kind == Kind.Live)
            {
                var reason = process.LastError();
                process.Dispose();
                _process = null;
                throw new FrameSourceException($"{Description} lost (unplugged, busy or its sender gone): {reason}");
            }

            process.ThrowIfFailed(_next == 0);
            return false;
        }

        if (_kind == Kind.Live && _next == 0)
        {
            _clock.Start();
        }

        frame.Index = _next;
        frame.Time = _kind == Kind.Live ? _clock.Elapsed.TotalSeconds : FramesPerSecond > 0 ? _next / FramesPerSecond : _next;
        _next++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _process?.Dispose();
        _process = null;
    }

    private bool TryReadImage(VideoFrame frame)
    {
        if (_next >= _images.Length)
        {
            return false;
        }

        // Move on before decoding: a file that fails is skipped, not read again.
        var index = _next++;
        var file = _images[index];
        if (!File.Exists(file))
        {
            throw new FrameSourceException($"Image file not found: {file}");
        }

        ImageHeader.Check(file, _maxPixels);

        // One process per image: images of a folder may differ in size, and ffmpeg's image2 demuxer would need them
        // named in a numbered pattern instead of the ordinal order of the folder listing.
        using (var process = FfmpegProcess.Start(["-i", file], "image " + file))
        {
            if (!process.TryRead(frame))
            {
                throw new FrameSourceException($"Cannot decode image {file}: {process.LastError()}");
            }
        }

        frame.Index = index;
        frame.Time = FramesPerSecond > 0 ? index / FramesPerSecond : index;
        return true;
    }
}
