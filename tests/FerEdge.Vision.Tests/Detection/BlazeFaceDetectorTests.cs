using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Testing;
using FerEdge.Vision.Detection;
using OpenCvSharp;

namespace FerEdge.Vision.Tests.Detection;

public sealed class BlazeFaceDetectorTests
{
    private static BoxF ToBox(DlibRect r) => new(r.Left, r.Top, r.Width, r.Height);

    [Theory]
    [InlineData(BlazeFaceModel.Front128)]
    [InlineData(BlazeFaceModel.Back256)]
    public void Detect_SingleFaceJpg_FindsOneFaceOnDlibsHogBox(BlazeFaceModel model)
    {
        var path = TestPaths.Data("videos", "single_face.jpg");
        var hog = Assert.Single(DlibHogOracle.Detect(path));
        using var detector = TestFrames.Detector(model);
        var faces = new List<FaceDetection>();

        var n = TestFrames.Image(path).Detect(detector, faces);

        Assert.Equal(1, n);
        var face = faces[0];
        Assert.True(face.Score >= detector.ScoreThreshold);
        var iou = face.Box.IntersectionOverUnion(ToBox(hog));
        Assert.True(iou > 0.5f, $"IoU with the HOG box {hog} is {iou:F2} for {face.Box}");
    }

    [Fact]
    public void Detect_MultiFaceJpg_FindsSeveralFacesMatchingHog()
    {
        var path = TestPaths.Data("videos", "multi_face.jpg");
        var hog = DlibHogOracle.Detect(path);
        using var detector = TestFrames.Detector(BlazeFaceModel.Back256);
        var faces = new List<FaceDetection>();

        TestFrames.Image(path).Detect(detector, faces);

        Assert.True(faces.Count >= 3, $"found {faces.Count} faces");
        var matched = 0;
        foreach (var h in hog)
        {
            foreach (var f in faces)
            {
                matched += f.Box.IntersectionOverUnion(ToBox(h)) > 0.3f ? 1 : 0;
            }
        }

        Assert.True(matched >= 3, $"{matched} of {hog.Count} HOG faces matched");
    }

    [Fact]
    public void Detect_NoFaceVideo_AlmostNoFrameHasAFace()
    {
        using var detector = TestFrames.Detector(BlazeFaceModel.Front128);
        var faces = new List<FaceDetection>();
        var frames = TestFrames.Video(TestPaths.Data("videos", "no_face.mp4"));
        var withFace = 0;

        foreach (var frame in frames)
        {
            withFace += frame.Detect(detector, faces) > 0 ? 1 : 0;
        }

        Assert.True(frames.Count > 80);
        Assert.True(withFace <= frames.Count / 10, $"{withFace} of {frames.Count} frames had a face");
    }

    [Fact]
    public void Detect_SingleFaceVideo_FindsTheFaceEveryFrameWithPlausibleKeypoints()
    {
        using var detector = TestFrames.Detector(BlazeFaceModel.Front128);
        var faces = new List<FaceDetection>(4);
        var frames = TestFrames.Video(TestPaths.Data("videos", "single_face.mp4"));

        Assert.Equal(72, frames.Count);
        foreach (var frame in frames)
        {
            Assert.Equal(1, frame.Detect(detector, faces));
            var f = faces[0];
            for (var k = 0; k < 4; k++)
            {
                var p = f.Keypoint(k);
                Assert.True(p.X > f.Box.X && p.X < f.Box.Right && p.Y > f.Box.Y && p.Y < f.Box.Bottom, $"keypoint {k} {p} outside {f.Box}");
            }

            Assert.True(f.RightEye.Y < f.Mouth.Y && f.LeftEye.Y < f.Mouth.Y, "eyes must lie above the mouth");
            Assert.True(f.NoseTip.Y < f.Mouth.Y, "nose must lie above the mouth");
            // Unmirrored video: the subject's right eye appears on the image's left.
            Assert.True(f.RightEye.X < f.LeftEye.X, "right eye must lie left of the left eye");
        }
    }

    [Fact]
    public void Detect_GrayAndColourOfSameImage_AgreeClosely()
    {
        var path = TestPaths.Data("videos", "single_face.jpg");
        using var detector = TestFrames.Detector(BlazeFaceModel.Front128);
        var colour = new List<FaceDetection>();
        var gray = new List<FaceDetection>();

        TestFrames.Image(path).Detect(detector, colour);
        var g = TestFrames.Image(path, ImreadModes.Grayscale);
        detector.Detect(new GrayImage(g.Width, g.Height, g.Pixels), gray);

        Assert.Single(colour);
        Assert.Single(gray);
        Assert.True(colour[0].Box.IntersectionOverUnion(gray[0].Box) > 0.9f);
    }

    [Fact]
    public void Detect_RgbColorImageVersusBgrSpan_GiveTheSameFace()
    {
        var frame = TestFrames.Image(TestPaths.Data("videos", "single_face.jpg"));
        var rgb = new byte[frame.Width * frame.Height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = frame.Pixels[i + 2];
            rgb[i + 1] = frame.Pixels[i + 1];
            rgb[i + 2] = frame.Pixels[i];
        }

        using var detector = TestFrames.Detector(BlazeFaceModel.Front128);
        var a = new List<FaceDetection>();
        var b = new List<FaceDetection>();

        frame.Detect(detector, a);
        detector.Detect(new ColorImage(frame.Width, frame.Height, rgb, PixelOrder.Rgb), b);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Constructor_MissingFile_ThrowsNamingIt()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("model"), "absent.onnx");

        var e = Assert.Throws<FileNotFoundException>(() => new BlazeFaceDetector(path, BlazeFaceModel.Front128));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CorruptFile_ThrowsNamingIt()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("model"), "corrupt.onnx");
        File.WriteAllText(path, "not an onnx model");

        var e = Assert.Throws<InvalidDataException>(() => new BlazeFaceDetector(path, BlazeFaceModel.Front128));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongVariant_ThrowsNamingFileAndInputShape()
    {
        var path = TestFrames.ModelPath(BlazeFaceModel.Back256);

        var e = Assert.Throws<InvalidDataException>(() => new BlazeFaceDetector(path, BlazeFaceModel.Front128));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("[1,128,128,3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadOption_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TestFrames.Detector(BlazeFaceModel.Front128, new BlazeFaceDetectorOptions { IouThreshold = 2f }));

        Assert.Equal("IouThreshold", e.ParamName);
    }

    [Fact]
    public void Detect_AfterDispose_Throws()
    {
        var detector = TestFrames.Detector(BlazeFaceModel.Front128);
        detector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => detector.Detect(new GrayImage(8, 8), []));
    }
}
