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

    private static readonly Lazy<bool> OpenCvLoads = new(ProbeOpenCv);

    /// <summary>
    /// True when OpenCvSharp's native library loads in this process (false on linux-arm64, which has no OpenCvSharp
    /// runtime package). Probed once.
    /// </summary>
    public static bool IsOpenCvAvailable => OpenCvLoads.Value;

    /// <summary>
    /// Opens <paramref name="spec"/> with the decoder named by <see cref="BackendVariable"/> (see
    /// <see cref="Open(string, CaptureBackend)"/>).
    /// </summary>
    public static IFrameSource Open(string spec) => Open(spec, BackendFromEnvironment());

    /// <summary>
    /// Opens <paramref name="spec"/>: <c>camera:N</c>, a V4L2 device path (<c>/dev/videoN</c>), a folder of images,
    /// an image file, a video file, or <c>lavfi:GRAPH</c> (an ffmpeg test input). <paramref name="backend"/> picks the
    /// decoder; <see cref="CaptureBackend.Auto"/> uses OpenCV where its native library loads and ffmpeg elsewhere, except
    /// for video files, which ffmpeg decodes whenever it is on PATH.
    /// Throws <see cref="FrameSourceException"/> naming the source when it cannot.
    /// </summary>
    public static IFrameSource Open(string spec, CaptureBackend backend)
    {
        ArgumentException.ThrowIfNullOrEmpty(spec);
        if (spec.StartsWith("lavfi:", StringComparison.Ordinal))
        {
            return FfmpegSource.OpenLavfi(spec["lavfi:".Length..]);
        }

        var ffmpeg = backend == CaptureBackend.Ffmpeg || (backend == CaptureBackend.Auto && !IsOpenCvAvailable);
        if (spec.StartsWith("camera:", StringComparison.Ordinal))
        {
            if (!int.TryParse(spec.AsSpan("camera:".Length), out var index) || index < 0)
            {
                throw new FrameSourceException($"Bad camera source '{spec}': expected camera:N with N a camera index.");
            }

            return ffmpeg ? FfmpegSource.OpenCamera($"/dev/video{index}") : CameraSource.Open(index);
        }

        if (spec.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            return ffmpeg ? FfmpegSource.OpenCamera(spec) : CameraSource.Open(spec);
        }

        if (Directory.Exists(spec))
        {
            // Listing the folder needs no native code; only ImageFolderSource's decoding does.
            var folder = new ImageFolderSource(spec);
            return ffmpeg ? FfmpegSource.OpenImages(folder.Files, spec) : folder;
        }

        if (!File.Exists(spec))
        {
            throw new FrameSourceException($"Source not found: {spec} (expected camera:N, /dev/videoN, a video file or an image folder).");
        }

        if (ImageFolderSource.IsImageFile(spec))
        {
            return ffmpeg ? FfmpegSource.OpenImages([spec], spec) : ImageFolderSource.SingleImage(spec);
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
