using FerEdge.Core.Frames;
using OpenCvSharp;

namespace FerEdge.Capture;

/// <summary>Opens the frame source named by a <c>--source</c> value of the command-line contract.</summary>
public static class FrameSources
{
    /// <summary>
    /// Environment variable choosing the decoder: <c>auto</c> (default), <c>opencv</c> or <c>ffmpeg</c>. The board's
    /// service unit may set it; tests set it to compare the decoders.
    /// </summary>
    public const string BackendVariable = "FEREDGE_CAPTURE";

    private const string CameraPrefix = "camera:";
    private const string DevicePrefix = "/dev/video";

    private static readonly Lazy<bool> OpenCvLoads = new(ProbeOpenCv);

    /// <summary>
    /// True when OpenCvSharp's native library loads in this process (false on linux-arm64, which has no OpenCvSharp
    /// runtime package). Probed once.
    /// </summary>
    public static bool IsOpenCvAvailable => OpenCvLoads.Value;

    /// <summary>
    /// Whether <paramref name="spec"/> names a live device (<c>camera:N</c> or a V4L2 path), as the source it opens
    /// would say in <see cref="IFrameSource.IsLive"/>; for checks made before a source is opened.
    /// </summary>
    public static bool IsLive(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.StartsWith(CameraPrefix, StringComparison.Ordinal) || spec.StartsWith(DevicePrefix, StringComparison.Ordinal) || IsStream(spec);
    }

    /// <summary>A network stream ffmpeg reads (an IP camera): rtsp, rtmp, srt, tcp, udp, http or https.</summary>
    private static bool IsStream(string spec) =>
        Uri.TryCreate(spec, UriKind.Absolute, out var uri) && uri.Scheme is "rtsp" or "rtmp" or "srt" or "tcp" or "udp" or "http" or "https";

    /// <summary>
    /// Opens <paramref name="spec"/> with the decoder named by <see cref="BackendVariable"/> (see
    /// <see cref="Open(string, CaptureBackend)"/>).
    /// </summary>
    public static IFrameSource Open(string spec) => Open(spec, BackendFromEnvironment());

    /// <summary>
    /// Opens <paramref name="spec"/>: <c>camera:N</c>, a V4L2 device path (<c>/dev/videoN</c>), a folder of images,
    /// an image file, a video file, <c>lavfi:GRAPH</c> (an ffmpeg test input), or a network stream (rtsp, rtmp, srt,
    /// tcp, udp, http, https; always through ffmpeg, live, reopened after a loss). <paramref name="backend"/> picks the
    /// decoder; <see cref="CaptureBackend.Auto"/> uses OpenCV where its native library loads and ffmpeg elsewhere, except
    /// for video files, which ffmpeg decodes whenever it is on PATH.
    /// Throws <see cref="FrameSourceException"/> naming the source when it cannot.
    /// </summary>
    public static IFrameSource Open(string spec, CaptureBackend backend) => Open(spec, backend, ImageHeader.DefaultMaxPixels);

    /// <summary>
    /// As <see cref="Open(string, CaptureBackend)"/>, with images whose header claims more than
    /// <paramref name="maxImagePixels"/> pixels refused (each one a <see cref="FrameSourceException"/> on its read).
    /// </summary>
    public static IFrameSource Open(string spec, CaptureBackend backend, long maxImagePixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(spec);
        if (spec.StartsWith("lavfi:", StringComparison.Ordinal))
        {
            return FfmpegSource.OpenLavfi(spec["lavfi:".Length..]);
        }

        if (IsStream(spec))
        {
            // A live stream is probed for 1 s instead of ffmpeg's 5, so a reopened stream is back sooner.
            return FfmpegSource.OpenLive(["-analyzeduration", "1000000", "-i", spec], spec);
        }

        var ffmpeg = backend == CaptureBackend.Ffmpeg || (backend == CaptureBackend.Auto && !IsOpenCvAvailable);
        if (spec.StartsWith(CameraPrefix, StringComparison.Ordinal))
        {
            if (!int.TryParse(spec.AsSpan(CameraPrefix.Length), out var index) || index < 0)
            {
                throw new FrameSourceException($"Bad camera source '{spec}': expected camera:N with N a camera index.");
            }

            return ffmpeg ? FfmpegSource.OpenCamera($"/dev/video{index}") : CameraSource.Open(index);
        }

        if (spec.StartsWith(DevicePrefix, StringComparison.Ordinal))
        {
            return ffmpeg ? FfmpegSource.OpenCamera(spec) : CameraSource.Open(spec);
        }

        if (Directory.Exists(spec))
        {
            // Listing the folder needs no native code; only ImageFolderSource's decoding does.
            var folder = new ImageFolderSource(spec, 0, maxImagePixels);
            return ffmpeg ? FfmpegSource.OpenImages(folder.Files, spec, 0, maxImagePixels) : folder;
        }

        if (!File.Exists(spec))
        {
            throw new FrameSourceException($"Source not found: {spec} (expected camera:N, /dev/videoN, a video file or an image folder).");
        }

        if (ImageFolderSource.IsImageFile(spec))
        {
            return ffmpeg ? FfmpegSource.OpenImages([spec], spec, 0, maxImagePixels) : ImageFolderSource.SingleImage(spec, maxImagePixels);
        }

        // Video files go to an ffmpeg subprocess under Auto too whenever ffmpeg is installed: it decodes the same
        // frames in less CPU time than OpenCV's decoder plus its colour conversion (one core, HEVC 960x540: 160 against
        // 110 frames/s through the whole pipeline), and it is the path the arm64 board runs.
        var fileByFfmpeg = ffmpeg || (backend == CaptureBackend.Auto && IsFfmpegOnPath);
        return fileByFfmpeg ? FfmpegSource.OpenFile(spec) : new VideoFileSource(spec);
    }

    /// <summary>True when an executable <c>ffmpeg</c> is on PATH (checked once).</summary>
    public static bool IsFfmpegOnPath => FfmpegOnPath.Value;

    private static readonly Lazy<bool> FfmpegOnPath = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "ffmpeg"))));

    /// <summary>Reads <see cref="BackendVariable"/>; an unknown value throws <see cref="FrameSourceException"/>.</summary>
    public static CaptureBackend BackendFromEnvironment() =>
        Environment.GetEnvironmentVariable(BackendVariable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => CaptureBackend.Auto,
            "opencv" => CaptureBackend.OpenCv,
            "ffmpeg" => CaptureBackend.Ffmpeg,
            var other => throw new FrameSourceException($"{BackendVariable}='{other}' is not a capture backend (auto, opencv or ffmpeg)."),
        };

    private static bool ProbeOpenCv()
    {
        try
        {
            _ = Cv2.GetVersionString();
            return true;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
