using System.Diagnostics;
using FerEdge.Core.Frames;
using FerEdge.Testing;
using OpenCvSharp;

namespace FerEdge.Capture.Tests;

public sealed class FrameSourceTests
{
    [Fact]
    public void VideoFileSource_SingleFace_Reads72FramesWithTimes()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        var frame = new VideoFrame();
        var count = 0;
        double lastTime = -1;
        while (source.TryRead(frame))
        {
            Assert.Equal(count, frame.Index);
            Assert.True(frame.Time > lastTime);
            lastTime = frame.Time;
            count++;
        }

        Assert.Equal(72, count);
        Assert.True(source.FramesPerSecond > 0);
        Assert.Equal(640, frame.Width);
    }

    [Theory]
    [InlineData(CaptureBackend.OpenCv, "videos/single_face.mp4")]
    [InlineData(CaptureBackend.Ffmpeg, "videos/single_face.mp4")]
    [InlineData(CaptureBackend.OpenCv, "videos/single_face.jpg")]
    [InlineData(CaptureBackend.Ffmpeg, "videos/single_face.jpg")]
    [InlineData(CaptureBackend.OpenCv, "ckplus48/happy")]
    [InlineData(CaptureBackend.Ffmpeg, "ckplus48/happy")]
    public void Open_RecordedMedia_IsNotLive(CaptureBackend backend, string path)
    {
        using var source = FrameSources.Open(TestPaths.Data(path.Split('/')), backend);
        Assert.False(source.IsLive);
    }

    [Fact]
    public void Preload_OfAFile_IsNotLiveAndReplaysItsFrames()
    {
        using var file = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var preloaded = PreloadedFrameSource.Load(file, 5);
        var frame = new VideoFrame();
        var count = 0;
        while (preloaded.TryRead(frame))
        {
            Assert.Equal(count++, frame.Index);
        }

        Assert.False(preloaded.IsLive);
        Assert.Equal(5, count);
    }

    [Fact]
    public void VideoFileSource_Gray_IsChannelMeanOfColour()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        var frame = new VideoFrame();
        Assert.True(source.TryRead(frame));
        var color = frame.Color!.Pixels;
        var gray = frame.Gray!.Pixels;
        for (var i = 0; i < gray.Length; i += 997)
        {
            Assert.Equal((color[i * 3] + color[(i * 3) + 1] + color[(i * 3) + 2]) / 3, gray[i]);
        }
    }

    [Fact]
    public void ImageFolderSource_GrayPngs_ReadInOrdinalOrderAsIs()
    {
        var dir = TestPaths.NewScratchFolder("folder-source");
        // Names chosen so ordinal and numeric order differ.
        string[] names = ["b10.png", "b2.png", "a.png"];
        for (var i = 0; i < names.Length; i++)
        {
            using var mat = new Mat(4, 6, MatType.CV_8UC1, new Scalar(10 * (i + 1)));
            Cv2.ImWrite(Path.Combine(dir, names[i]), mat);
        }

        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image");
        using var source = FrameSources.Open(dir);
        var frame = new VideoFrame();
        var values = new List<byte>();
        while (source.TryRead(frame))
        {
            Assert.Equal(6, frame.Width);
            Assert.Equal(4, frame.Height);
            values.Add(frame.Gray!.Pixels[0]);
        }

        // a.png (30), b10.png (10), b2.png (20)
        Assert.Equal([30, 10, 20], values);
    }

    [Fact]
    public void ImageFolderSource_CorruptImage_ThrowsNamingTheFile()
    {
        var dir = TestPaths.NewScratchFolder("corrupt-image");
        var bad = Path.Combine(dir, "broken.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        using var source = FrameSources.Open(dir);
        var e = Assert.Throws<FrameSourceException>(() => source.TryRead(new VideoFrame()));
        Assert.Contains("broken.png", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no/such/file.mp4")]
    [InlineData("camera:x")]
    public void Open_BadSpec_ThrowsNamingIt(string spec)
    {
        var e = Assert.Throws<FrameSourceException>(() => FrameSources.Open(spec));
        Assert.Contains(spec, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotAVideo_ThrowsNamingTheFile()
    {
        var dir = TestPaths.NewScratchFolder("not-video");
        var path = Path.Combine(dir, "clip.mp4");
        File.WriteAllText(path, "this is text, not a video");
        var e = Assert.Throws<FrameSourceException>(() => FrameSources.Open(path));
        Assert.Contains("clip.mp4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VideoFileSource_MatchesFfmpegFrameCount_OnNoFaceClip()
    {
        var expected = CountFramesWithFfprobe(TestPaths.Data("videos", "no_face.mp4"));
        using var source = FrameSources.Open(TestPaths.Data("videos", "no_face.mp4"));
        var frame = new VideoFrame();
        var count = 0;
        while (source.TryRead(frame))
        {
            count++;
        }

        Assert.Equal(expected, count);
    }

    private static int CountFramesWithFfprobe(string path)
    {
        var psi = new ProcessStartInfo("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path])
        {
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
