using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FerEdge.Core.Frames;
using FerEdge.Core.Imaging;

namespace FerEdge.Capture;

/// <summary>
/// One running ffmpeg that writes raw BGR24 frames of its input's first video stream to stdout; a reader thread
/// drains its stderr, where ffmpeg describes the streams (size, rate) and reports errors.
/// </summary>
/// <remarks>Not thread-safe for reading frames; the owner disposes it, which kills the process.</remarks>
internal sealed partial class FfmpegProcess : IDisposable
{
    private const int HeaderTimeoutMs = 30_000;
    private readonly Process _process;
    private readonly Stream _frames;
    private readonly string _what;
    private readonly Queue<string> _lastLines = new();
    private readonly TaskCompletionSource<(int Width, int Height)> _header = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _stderrReader;
    private int _width;
    private int _height;
    private double _durationSeconds;
    private int _decodeErrors;
    private string? _lastDecodeError;

    private FfmpegProcess(Process process, string what)
    {
        _process = process;
        _what = what;
        _frames = process.StandardOutput.BaseStream;
        _stderrReader = new Thread(ReadStandardError) { IsBackground = true, Name = "ffmpeg stderr" };
    }

    public double FramesPerSecond { get; private set; }

    public static FfmpegProcess Start(string[] input, string what, int headerTimeoutMs = HeaderTimeoutMs)
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
        if (Task.WaitAny([running._header.Task], headerTimeoutMs) < 0)
        {
            running.Dispose();
            throw new FrameSourceException($"ffmpeg gave no video stream for {what} within {headerTimeoutMs / 1000.0:F0} s.");
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

    /// <summary>
    /// After the end of a file: a warning when ffmpeg reported decoding problems (a truncated or damaged file) or gave
    /// clearly fewer frames than the duration it read promises; null otherwise.
    /// </summary>
    public string? EndWarning(long framesRead)
    {
        lock (_lastLines)
        {
            if (_decodeErrors > 0)
            {
                return $"ffmpeg reported {_decodeErrors} decoding problem(s) in {_what} after {framesRead} frames (truncated or damaged?); last: {_lastDecodeError}";
            }
        }

        var expected = _durationSeconds * FramesPerSecond;
        return expected > 0 && framesRead < (0.9 * expected) - 2
            ? $"{_what} ended after {framesRead} frames, but its duration ({_durationSeconds:F2} s at {FramesPerSecond:F2} frames/s) promises about {expected:F0} (truncated?)"
            : null;
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

            if (section == 'i' && DurationPattern().Match(line) is { Success: true } duration)
            {
                _durationSeconds = (int.Parse(duration.Groups[1].ValueSpan, CultureInfo.InvariantCulture) * 3600)
                    + (int.Parse(duration.Groups[2].ValueSpan, CultureInfo.InvariantCulture) * 60)
                    + double.Parse(duration.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
            }
            else if (section == 'o' && line.StartsWith('[') && DecodeErrorPattern().IsMatch(line))
            {
                lock (_lastLines)
                {
                    _decodeErrors++;
                    _lastDecodeError = line.Trim();
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

    [GeneratedRegex(@"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("partial file|error|invalid|corrupt|truncat|missing", RegexOptions.IgnoreCase)]
    private static partial Regex DecodeErrorPattern();

    [GeneratedRegex(@", (\d{1,5})x(\d{1,5})\b")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"\b(\d+(?:\.\d+)?)(k?) (?:fps|tbr)\b")]
    private static partial Regex RatePattern();
}
