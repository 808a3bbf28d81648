using System.Buffers.Binary;
using FerEdge.Core.Frames;
using FerEdge.Testing;
using OpenCvSharp;

namespace FerEdge.Capture.Tests;

/// <summary>Unreadable items in real files: each is one failed read, and the source goes on to its end.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData(CaptureBackend.OpenCv)]
    [InlineData(CaptureBackend.Ffmpeg)]
    public void Folder_CorruptAndHugeImagesBetweenGoodOnes_EachFailsOnceAndTheFolderEnds(CaptureBackend backend)
    {
        var dir = TestPaths.NewScratchFolder("bad-folder-" + backend);
        WriteGray(Path.Combine(dir, "a.png"), 10);
        File.WriteAllBytes(Path.Combine(dir, "b.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(dir, "c.png"), ClaimedPng(60000, 60000));
        WriteGray(Path.Combine(dir, "d.png"), 40);

        using var source = FrameSources.Open(dir, backend);
        var frame = new VideoFrame();
        var read = new List<(long Index, byte Value)>();
        var failures = new List<string>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                if (!source.TryRead(frame))
                {
                    break;
                }

                read.Add((frame.Index, frame.Gray!.Pixels[0]));
            }
            catch (FrameSourceException e)
            {
                failures.Add(e.Message);
            }
        }

        Assert.Equal([(0L, (byte)10), (3L, (byte)40)], read);
        Assert.Equal(2, failures.Count);
        Assert.Contains("b.png", failures[0], StringComparison.Ordinal);
        Assert.Contains("c.png", failures[1], StringComparison.Ordinal);
        Assert.Contains("60000x60000", failures[1], StringComparison.Ordinal);
        Assert.False(source.TryRead(frame));
    }

    [Fact]
    public void SingleImage_HeaderOverTheConfiguredLimit_RefusedNamingTheLimit()
    {
        var dir = TestPaths.NewScratchFolder("pixel-limit");
        var path = Path.Combine(dir, "big.png");
        WriteGray(path, 1, width: 200, height: 100);

        using var small = FrameSources.Open(path, CaptureBackend.OpenCv, maxImagePixels: 19_999);
        var e = Assert.Throws<FrameSourceException>(() => small.TryRead(new VideoFrame()));
        Assert.Contains("200x100", e.Message, StringComparison.Ordinal);
        Assert.Contains("19999", e.Message, StringComparison.Ordinal);

        using var enough = FrameSources.Open(path, CaptureBackend.OpenCv, maxImagePixels: 20_000);
        Assert.True(enough.TryRead(new VideoFrame()));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    [InlineData("bmp")]
    [InlineData("pgm")]
    [InlineData("ppm")]
    [InlineData("tif")]
    public void ImageHeader_FilesWrittenByOpenCv_SizeAsDecoded(string extension)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("header-" + extension), "image." + extension);
        using (var mat = new Mat(37, 53, extension is "pgm" ? MatType.CV_8UC1 : MatType.CV_8UC3, new Scalar(90, 120, 150)))
        {
            Cv2.ImWrite(path, mat);
        }

        Assert.True(ImageHeader.TryReadSize(path, out var width, out var height));
        Assert.Equal((53L, 37L), (width, height));
    }

    [Fact]
    public void ImageHeader_SharedJpeg_SizeAsDecoded()
    {
        var path = TestPaths.Data("videos", "single_face.jpg");
        using var mat = Cv2.ImRead(path);
        Assert.True(ImageHeader.TryReadSize(path, out var width, out var height));
        Assert.Equal(((long)mat.Width, (long)mat.Height), (width, height));
    }

    [Fact]
    public void ImageHeader_UnknownOrCutHeader_LeftToTheDecoder()
    {
        Assert.False(ImageHeader.TryParse("not an image at all"u8, out _, out _));
        Assert.False(ImageHeader.TryParse([0x89, 0x50, 0x4E, 0x47], out _, out _));
        Assert.False(ImageHeader.TryParse([0xFF, 0xD8, 0xFF], out _, out _));
    }

    [Fact]
    public void FfmpegFile_TruncatedVideo_EndsWithAWarning()
    {
        var dir = TestPaths.NewScratchFolder("truncated");
        var (whole, cut) = TruncatedClip.Write(dir);

        using (var complete = FfmpegSource.OpenFile(whole))
        {
            Assert.Equal(72, ReadAll(complete));
            Assert.Null(complete.EndWarning);
        }

        using var truncated = FfmpegSource.OpenFile(cut);
        var frames = ReadAll(truncated);
        Assert.InRange(frames, 1, 60);
        Assert.NotNull(truncated.EndWarning);
        Assert.Contains("cut.mp4", truncated.EndWarning, StringComparison.Ordinal);
    }

    private static int ReadAll(FfmpegSource source)
    {
        var frame = new VideoFrame();
        var n = 0;
        while (source.TryRead(frame))
        {
            n++;
        }

        return n;
    }

    private static void WriteGray(string path, byte value, int width = 6, int height = 4)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1, new Scalar(value));
        Cv2.ImWrite(path, mat);
    }

    /// <summary>A PNG signature and IHDR chunk claiming <paramref name="width"/> x <paramref name="height"/> RGB pixels, and no image data.</summary>
    internal static byte[] ClaimedPng(int width, int height)
    {
        var bytes = new byte[8 + 25 + 12];
        ImageHeader.PngSignature.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }
}
