using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FerEdge.Core.Frames;
using FerEdge.Core.Imaging;

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
public sealed partial class FfmpegSource : IFrameSource
{
    private const int HeaderTimeoutMs = 30_000;
    private readonly Kind _kind;
    private readonly string[] _images;
    private readonly Stopwatch _clock = new();
    private FfmpegProcess? _process;
    private long _next;

    private FfmpegSource(Kind kind, string description, FfmpegProcess? process, string[] images, double framesPerSecond)
    {
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
        var process = FfmpegProcess.Start(["-f", "v4l2", "-i", devicePath], "camera " + devicePath);
        return new FfmpegSource(Kind.Live, devicePath, process, [], process.FramesPerSecond);
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
    /// Images may differ in size. A file that ffmpeg cannot decode throws <see cref="FrameSourceException"/> naming it.
    /// </summary>
    public static FfmpegSource OpenImages(IReadOnlyList<string> files, string description, double framesPerSecond = 0)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfNegative(framesPerSecond);
        if (files.Count == 0)
        {
            throw new FrameSourceException($"No images in {description}");
        }

        return new FfmpegSource(Kind.Images, description, null, [.. files], framesPerSecond);
    }

    /// <inheritdoc />
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_kind == Kind.Images)
        {
            return TryReadImage(frame);
        }

        var process = _process ?? throw new ObjectDisposedException(nameof(FfmpegSource));
        if (!process.TryRead(frame))
        {
            if (_kind == Kind.Live)
            {
                throw new FrameSourceException($"Camera {Description} returned no frame (unplugged or busy): {process.LastError()}");
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
        _process?.Dispose();
        _process = null;
    }

    private bool TryReadImage(VideoFrame frame)
    {
        if (_next >= _images.Length)
        {
            return false;
        }

        var file = _images[_next];
        if (!File.Exists(file))
        {
            throw new FrameSourceException($"Image file not found: {file}");
        }

        // One process per image: images of a folder may differ in size, and ffmpeg's image2 demuxer would need them
        // named in a numbered pattern instead of the ordinal order of the folder listing.
        using (var process = FfmpegProcess.Start(["-i", file], "image " + file))
        {
            if (!process.TryRead(frame))
            {
                throw new FrameSourceException($"Cannot decode image {file}: {process.LastError()}");
            }
        }

        frame.Index = _next;
        frame.Time = FramesPerSecond > 0 ? _next / FramesPerSecond : _next;
        _next++;
        return true;
    }

    [GeneratedRegex(@", (\d{1,5})x(\d{1,5})\b")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"\b(\d+(?:\.\d+)?)(k?) (?:fps|tbr)\b")]
    private static partial Regex RatePattern();

    /// <summary>One running ffmpeg: its stdout carries the frames, a reader thread drains and parses its stderr.</summary>
    private sealed class FfmpegProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Stream _frames;
        private readonly string _what;
        private readonly Queue<string> _lastLines = new();
        private readonly TaskCompletionSource<(int Width, int Height)> _header = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Thread _stderrReader;
        private int _width;
        private int _height;

        private FfmpegProcess(Process process, string what)
        {
            _process = process;
            _what = what;
            _frames = process.StandardOutput.BaseStream;
            _stderrReader = new Thread(ReadStandardError) { IsBackground = true, Name = "ffmpeg stderr" };
        }

        public double FramesPerSecond { get; private set; }

        public static FfmpegProcess Start(string[] input, string what)
        {
            var start = new ProcessStartInfo("ffmpeg")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                UseShellExecute = false,
            };
            foreach (var arg in (string[])["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var arg in input)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var arg in (string[])["-map", "0:v:0", "-an", "-sn", "-dn", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"])
            {
                start.ArgumentList.Add(arg);
            }

            Process? process;
            try
            {
                process = Process.Start(start);
            }
            catch (Win32Exception e)
            {
                throw new FrameSourceException($"Cannot start ffmpeg for {what} ({e.Message}); install it (Debian package ffmpeg) and put it on PATH.", e);
            }

            if (process is null)
            {
                throw new FrameSourceException($"Cannot start ffmpeg for {what}.");
            }

            var running = new FfmpegProcess(process, what);
            running._stderrReader.Start();
            // WaitAny, unlike Wait, does not throw when the task faulted: that case is reported below with ffmpeg's words.
            if (Task.WaitAny([running._header.Task], HeaderTimeoutMs) < 0)
            {
                running.Dispose();
                throw new FrameSourceException($"ffmpeg gave no video stream for {what} within {HeaderTimeoutMs / 1000} s.");
            }

            if (running._header.Task.IsFaulted)
            {
                var message = running.LastError();
                running.Dispose();
                throw new FrameSourceException($"ffmpeg cannot open {what}: {message}");
            }

            (running._width, running._height) = running._header.Task.Result;
            return running;
        }

        /// <summary>Reads one whole frame; false at the end of the stream (a trailing partial frame is dropped).</summary>
        public bool TryRead(VideoFrame frame)
        {
            frame.EnsureSize(_width, _height);
            var color = frame.Color!.Pixels;
            if (_frames.ReadAtLeast(color, color.Length, throwOnEndOfStream: false) < color.Length)
            {
                return false;
            }

            GrayConversion.ChannelMean(color, frame.Gray!.Pixels);
            return true;
        }

        /// <summary>After the end of the stream: throws when ffmpeg failed, or gave no frame at all.</summary>
        public void ThrowIfFailed(bool noFrames)
        {
            _process.WaitForExit(HeaderTimeoutMs);
            if (!_process.HasExited || _process.ExitCode != 0)
            {
                throw new FrameSourceException($"ffmpeg failed while decoding {_what}: {LastError()}");
            }

            if (noFrames)
            {
                throw new FrameSourceException($"No frames in {_what}.");
            }
        }

        /// <summary>The last lines ffmpeg wrote to its standard error, for messages.</summary>
        public string LastError()
        {
            lock (_lastLines)
            {
                return _lastLines.Count > 0 ? string.Join(" | ", _lastLines) : "(no message from ffmpeg)";
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _stderrReader.Join(5000);
            _process.Dispose();
        }

        private void ReadStandardError()
        {
            var section = ' ';
            while (_process.StandardError.ReadLine() is { } line)
            {
                lock (_lastLines)
                {
                    _lastLines.Enqueue(line.Trim());
                    if (_lastLines.Count > 4)
                    {
                        _lastLines.Dequeue();
                    }
                }

                if (line.StartsWith("Input #", StringComparison.Ordinal))
                {
                    section = 'i';
                }
                else if (line.StartsWith("Output #", StringComparison.Ordinal))
                {
                    section = 'o';
                }
                else if (line.Contains("Stream #", StringComparison.Ordinal) && line.Contains(": Video:", StringComparison.Ordinal))
                {
                    if (section == 'i' && FramesPerSecond == 0 && RatePattern().Match(line) is { Success: true } rate)
                    {
                        var value = double.Parse(rate.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                        value = rate.Groups[2].Length > 0 ? value * 1000 : value;
                        // Time bases such as "90k tbr" are no frame rate: report unknown, as the OpenCV sources do.
                        FramesPerSecond = value is > 0 and < 1000 ? value : 0;
                    }
                    else if (section == 'o' && SizePattern().Match(line) is { Success: true } size)
                    {
                        _header.TrySetResult((
                            int.Parse(size.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
                            int.Parse(size.Groups[2].ValueSpan, CultureInfo.InvariantCulture)));
                    }
                }
            }

            // ffmpeg closed its stderr (it exited) before describing an output stream: it could not open the input.
            _header.TrySetException(new FrameSourceException("ffmpeg exited before describing a video stream"));
        }
    }
}
