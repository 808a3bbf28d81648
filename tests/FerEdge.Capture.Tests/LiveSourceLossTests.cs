using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Frames;
using FerEdge.Testing;

namespace FerEdge.Capture.Tests;

/// <summary>
/// A live ffmpeg source whose sender dies and comes back, and whose input path vanishes and reappears: the loss is
/// one failed read, each read after it tries again, and frames flow again once the input is back. Bounded: small
/// frames, a few seconds of stream, every wait with a timeout. The OpenCV camera source's reopening is driven the same
/// way with a clip in place of the device.
/// </summary>
public sealed class LiveSourceLossTests
{
    [Fact]
    public void StreamSenderKilledAndRestarted_LossReportedThenFramesAgain()
    {
        var port = FreePort.Pick();
        var url = $"tcp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var sender = TestStreamSender.Start(port);
        try
        {
            using var source = FrameSources.Open(url);
            Assert.True(source.IsLive);
            var frame = new VideoFrame();
            Assert.True(source.TryRead(frame));
            Assert.Equal((160, 120), (frame.Width, frame.Height));

            // The sender dies: the source says so instead of ending.
            sender.Kill();
            sender.WaitForExit(5000);
            var lost = ReadUntilFailure(source, frame, TimeSpan.FromSeconds(20));
            Assert.Contains("lost", lost.Message, StringComparison.Ordinal);

            // While it is gone every read fails (quickly: the connection is refused).
            Assert.Throws<FrameSourceException>(() => source.TryRead(frame));

            // Back: the next reads reopen it.
            sender.Dispose();
            sender = TestStreamSender.Start(port);
            Assert.True(ReadsAgainWithin(source, frame, TimeSpan.FromSeconds(30)), "no frame after the sender came back");
        }
        finally
        {
            sender.Kill();
            sender.Dispose();
        }
    }

    [Fact]
    public void InputPathVanishesAndReturns_LossReportedThenFramesAgain()
    {
        var dir = TestPaths.NewScratchFolder("vanishing-device");
        var path = Path.Combine(dir, "video0.raw");
        var bytes = new byte[64 * 48 * 10];
        File.WriteAllBytes(path, bytes);
        using var source = FfmpegSource.OpenLive(["-f", "rawvideo", "-video_size", "64x48", "-pixel_format", "gray", "-framerate", "10", "-i", path], path);
        var frame = new VideoFrame();
        Assert.True(source.TryRead(frame));

        // The path disappears (as /dev/video0 does when the camera is unplugged).
        File.Delete(path);
        var lost = ReadUntilFailure(source, frame, TimeSpan.FromSeconds(10));
        Assert.Contains(path, lost.Message, StringComparison.Ordinal);
        Assert.Throws<FrameSourceException>(() => source.TryRead(frame));

        File.WriteAllBytes(path, bytes);
        Assert.True(ReadsAgainWithin(source, frame, TimeSpan.FromSeconds(20)), "no frame after the path came back");
        Assert.Equal((64, 48), (frame.Width, frame.Height));
    }

    [Fact]
    public void OpenCvCaptureEndsVanishesAndReturns_LossReportedThenFramesAgain()
    {
        // The camera source's reopening, driven through OpenCV with a short clip standing in for the device: the clip's
        // end is a read that returns no frame, as an unplugged camera's is.
        var dir = TestPaths.NewScratchFolder("vanishing-camera");
        var path = Path.Combine(dir, "camera.mp4");
        File.Copy(TestPaths.Data("videos", "single_face.mp4"), path);
        using var source = CameraSource.Open(() => new OpenCvSharp.VideoCapture(path), path);
        Assert.True(source.IsLive);
        var frame = new VideoFrame();
        var lost = ReadUntilFailure(source, frame, TimeSpan.FromSeconds(30));
        Assert.Contains("returned no frame", lost.Message, StringComparison.Ordinal);
        Assert.Equal((640, 360), (frame.Width, frame.Height));
        var before = frame.Index;

        // Gone: every read tries to open it again and says so, without ending the source.
        File.Delete(path);
        var gone = Assert.Throws<FrameSourceException>(() => source.TryRead(frame));
        Assert.Contains("still gone", gone.Message, StringComparison.Ordinal);
        Assert.Throws<FrameSourceException>(() => source.TryRead(frame));

        // Back: frames again, their indices continuing.
        File.Copy(TestPaths.Data("videos", "single_face.mp4"), path);
        Assert.True(ReadsAgainWithin(source, frame, TimeSpan.FromSeconds(10)), "no frame after the device came back");
        Assert.Equal(before + 1, frame.Index);
    }

    private static FrameSourceException ReadUntilFailure(IFrameSource source, VideoFrame frame, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                Assert.True(source.TryRead(frame), "a live source must not end");
            }
            catch (FrameSourceException e)
            {
                return e;
            }
        }

        Assert.Fail("the loss was not reported");
        return null!;
    }

    private static bool ReadsAgainWithin(IFrameSource source, VideoFrame frame, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (source.TryRead(frame))
                {
                    return true;
                }
            }
            catch (FrameSourceException)
            {
                Thread.Sleep(200);
            }
        }

        return false;
    }
}
