namespace FerEdge.Capture;

/// <summary>Which decoder <see cref="FrameSources"/> uses for video files, cameras and images.</summary>
public enum CaptureBackend
{
    /// <summary>
    /// Video files: ffmpeg when it is on PATH (cheaper per frame), else OpenCV. Cameras and images: OpenCV when its
    /// native library loads (x64), else ffmpeg (linux-arm64).
    /// </summary>
    Auto,

    /// <summary>OpenCV (OpenCvSharp); fails where its native library is missing.</summary>
    OpenCv,

    /// <summary>An <c>ffmpeg</c> subprocess (<see cref="FfmpegSource"/>); needs ffmpeg on PATH.</summary>
    Ffmpeg,
}
