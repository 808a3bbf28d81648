using FerEdge.Testing;
using FerEdge.Vision.Detection;
using OpenCvSharp;

namespace FerEdge.Vision.Tests.Detection;

/// <summary>Decodes the shared test images and videos with OpenCvSharp and creates detectors on the installed models.</summary>
internal static class TestFrames
{
    public static string ModelPath(BlazeFaceModel model) =>
        TestPaths.InRepo("models", "third_party", "blazeface", BlazeFaceDetector.DefaultFileName(model));

    public static BlazeFaceDetector Detector(BlazeFaceModel model, BlazeFaceDetectorOptions? options = null) =>
        new(ModelPath(model), model, options);

    public static TestFrame Image(string path, ImreadModes mode = ImreadModes.Color)
    {
        using var mat = Cv2.ImRead(path, mode);
        Assert.False(mat.Empty(), $"cannot decode {path}");
        return Copy(mat);
    }

    public static List<TestFrame> Video(string path)
    {
        using var capture = new VideoCapture(path);
        Assert.True(capture.IsOpened(), $"cannot open {path}");
        var frames = new List<TestFrame>();
        using var frame = new Mat();
        while (capture.Read(frame) && !frame.Empty())
        {
            frames.Add(Copy(frame));
        }

        return frames;
    }

    private static TestFrame Copy(Mat mat)
    {
        var layout = mat.Channels() == 1 ? PixelLayout.Gray8 : PixelLayout.Bgr24;
        return new TestFrame(mat.AsSpan<byte>().ToArray(), mat.Width, mat.Height, (int)mat.Step(), layout);
    }
}
