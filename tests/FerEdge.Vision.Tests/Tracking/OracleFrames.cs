using FerEdge.Core.Imaging;
using FerEdge.Testing;
using OpenCvSharp;

namespace FerEdge.Vision.Tests.Tracking;

/// <summary>
/// Decodes test videos with OpenCV (BGR to gray by <c>Cv2.CvtColor</c>) into <see cref="GrayImage"/>s, the single
/// copy of the pixels that both the managed tracker and OpenCV read, and finds face areas for choosing points.
/// </summary>
internal static class OracleFrames
{
    private const string FaceCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>Up to <paramref name="maxFrames"/> frames of a video under shared/data/videos, in order.</summary>
    public static List<GrayImage> Decode(string videoName, int maxFrames)
    {
        var path = TestPaths.Data("videos", videoName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Test video {path} is missing.", path);
        }

        var frames = new List<GrayImage>();
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            throw new InvalidOperationException($"OpenCV could not open {path}.");
        }

        using var bgr = new Mat();
        using var gray = new Mat();
        while (frames.Count < maxFrames && capture.Read(bgr) && !bgr.Empty())
        {
            Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
            if (!gray.IsContinuous())
            {
                throw new InvalidOperationException("cvtColor returned a non-continuous Mat.");
            }

            var image = new GrayImage(gray.Cols, gray.Rows);
            gray.AsSpan<byte>().CopyTo(image.Pixels);
            frames.Add(image);
        }

        return frames;
    }

    /// <summary>A Mat over the image's own pixels (no copy); dispose it before the image is changed.</summary>
    public static Mat Wrap(GrayImage image) => Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, image.Buffer);

    /// <summary>
    /// The largest frontal face found by OpenCV's Haar cascade (apt opencv-data), grown by 20 % on each side and
    /// clipped to the frame, or null when the cascade file is absent or finds no face.
    /// </summary>
    public static Rect? FindFace(Mat gray, CascadeClassifier? cascade)
    {
        if (cascade is null)
        {
            return null;
        }

        var faces = cascade.DetectMultiScale(gray, 1.1, 4, HaarDetectionTypes.ScaleImage, new Size(24, 24));
        if (faces.Length == 0)
        {
            return null;
        }

        var face = faces.MaxBy(f => f.Width * f.Height);
        var grow = face.Width / 5;
        var x = Math.Max(0, face.X - grow);
        var y = Math.Max(0, face.Y - grow);
        return new Rect(x, y, Math.Min(gray.Cols, face.Right + grow) - x, Math.Min(gray.Rows, face.Bottom + grow) - y);
    }

    /// <summary>The frontal-face cascade, or null when apt's opencv-data is not installed.</summary>
    public static CascadeClassifier? LoadFaceCascade() => File.Exists(FaceCascade) ? new CascadeClassifier(FaceCascade) : null;
}
