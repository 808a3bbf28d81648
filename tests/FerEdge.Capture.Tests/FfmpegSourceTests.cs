using FerEdge.Core.Frames;
using FerEdge.Testing;
using OpenCvSharp;

namespace FerEdge.Capture.Tests;

/// <summary>
/// The ffmpeg frame source against OpenCV's decoders (the oracle on x64): same frames, same times, pixels within the
/// rounding of two different colour converters, gray images identical.
/// </summary>
public sealed class FfmpegSourceTests
{
    [Fact]
    public void OpenFile_SingleFace_SameFramesAndTimesAsOpenCv()
    {
        var path = TestPaths.Data("videos", "single_face.mp4");
        using var ffmpeg = FfmpegSource.OpenFile(path);
        using var opencv = new VideoFileSource(path);
        var a = new VideoFrame();
        var b = new VideoFrame();
        var frames = 0;
        long absoluteDifference = 0;
        long values = 0;
        while (ffmpeg.TryRead(a))
        {
            Assert.True(opencv.TryRead(b), $"OpenCV ended before frame {frames}");
            Assert.Equal(b.Index, a.Index);
            Assert.Equal(b.Time, a.Time, 9);
            Assert.Equal((b.Width, b.Height), (a.Width, a.Height));
            var pa = a.Color!.Pixels;
            var pb = b.Color!.Pixels;
            for (var i = 0; i < pa.Length; i++)
            {
                var d = Math.Abs(pa[i] - pb[i]);
                // OpenCvSharp bundles its own FFmpeg build: its YUV-to-BGR conversion rounds differently by a level or two.
                Assert.True(d <= 2, $"frame {frames} byte {i}: ffmpeg {pa[i]}, OpenCV {pb[i]}");
                absoluteDifference += d;
            }

            values += pa.Length;
            frames++;
        }

        Assert.False(opencv.TryRead(b));
        Assert.Equal(72, frames);
        Assert.Equal(opencv.FramesPerSecond, ffmpeg.FramesPerSecond, 6);
        // Measured 0.58 levels on average; a colour-matrix or range mistake would be tens of levels.
        Assert.InRange((double)absoluteDifference / values, 0, 1.0);
    }

    [Fact]
    public void OpenImages_GrayCkPlusPng_UsedAsIsLikeOpenCv()
    {
        var path = TestPaths.Data("ckplus48", "anger", "S010_004_00000017.png");
        using var ffmpeg = FfmpegSource.OpenImages([path], path);
        using var expected = Cv2.ImRead(path, ImreadModes.Unchanged);
        Assert.Equal(1, expected.Channels());
        var frame = new VideoFrame();
        Assert.True(ffmpeg.TryRead(frame));
        var (width, height) = (expected.Width, expected.Height);
        Assert.Equal((width, height), (frame.Width, frame.Height));
        var gray = frame.Gray!.Pixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Assert.Equal(expected.At<byte>(y, x), gray[(y * frame.Width) + x]);
            }
        }

        Assert.False(ffmpeg.TryRead(frame));
    }

    [Fact]
    public void Open_FfmpegBackendFolder_ReadsInOrdinalOrderWithEachImageSize()
    {
        var dir = TestPaths.NewScratchFolder("ffmpeg-folder");
        // Names chosen so ordinal and numeric order differ; sizes differ per image.
        string[] names = ["b10.png", "b2.png", "a.png"];
        for (var i = 0; i < names.Length; i++)
        {
            using var mat = new Mat(4 + i, 6 + i, MatType.CV_8UC1, new Scalar(10 * (i + 1)));
            Cv2.ImWrite(Path.Combine(dir, names[i]), mat);
        }

        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image");
        using var source = FrameSources.Open(dir, CaptureBackend.Ffmpeg);
        Assert.IsType<FfmpegSource>(source);
        var frame = new VideoFrame();
        var seen = new List<(byte Value, int Width, long Index)>();
        while (source.TryRead(frame))
        {
            seen.Add((frame.Gray!.Pixels[0], frame.Width, frame.Index));
        }

        Assert.Equal([(30, 8, 0), (10, 6, 1), (20, 7, 2)], seen);
    }

    [Fact]
    public void Open_Lavfi_GivesTheGraphsSizeRateAndFrameCount()
    {
        using var source = FrameSources.Open("lavfi:testsrc2=size=160x120:rate=10:duration=2", CaptureBackend.OpenCv);
        Assert.Equal(10, source.FramesPerSecond, 6);
        var frame = new VideoFrame();
        var count = 0;
        while (source.TryRead(frame))
        {
            Assert.Equal((160, 120), (frame.Width, frame.Height));
            Assert.Equal(count / 10.0, frame.Time, 9);
            count++;
        }

        Assert.Equal(20, count);
    }

    [Fact]
    public void OpenFile_NotAVideo_ThrowsNamingTheFile()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("ffmpeg-not-video"), "clip.mp4");
        File.WriteAllText(path, "this is text, not a video");
        var e = Assert.Throws<FrameSourceException>(() => FfmpegSource.OpenFile(path));
        Assert.Contains("clip.mp4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFile_Missing_ThrowsNamingTheFile()
    {
        var e = Assert.Throws<FrameSourceException>(() => FfmpegSource.OpenFile("/no/such/clip.mp4"));
        Assert.Contains("/no/such/clip.mp4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_CorruptImage_ThrowsNamingTheFile()
    {
        var dir = TestPaths.NewScratchFolder("ffmpeg-corrupt-image");
        File.WriteAllBytes(Path.Combine(dir, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        using var source = FrameSources.Open(dir, CaptureBackend.Ffmpeg);
        var e = Assert.Throws<FrameSourceException>(() => source.TryRead(new VideoFrame()));
        Assert.Contains("broken.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenCamera_NoSuchDevice_ThrowsNamingIt()
    {
        var e = Assert.Throws<FrameSourceException>(() => FrameSources.Open("/dev/video-none-97", CaptureBackend.Ffmpeg));
        Assert.Contains("/dev/video-none-97", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OnX64_AutoDecodesFilesWithFfmpegImagesWithOpenCvAndOpenCvOnRequest()
    {
        var path = TestPaths.Data("videos", "single_face.mp4");
        Assert.True(FrameSources.IsOpenCvAvailable);
        Assert.True(FrameSources.IsFfmpegOnPath);
        using (var auto = FrameSources.Open(path, CaptureBackend.Auto))
        {
            Assert.IsType<FfmpegSource>(auto);
        }

        using (var image = FrameSources.Open(TestPaths.Data("videos", "single_face.jpg"), CaptureBackend.Auto))
        {
            Assert.IsType<ImageFolderSource>(image);
        }

        using var opencv = FrameSources.Open(path, CaptureBackend.OpenCv);
        Assert.IsType<VideoFileSource>(opencv);
    }
}
