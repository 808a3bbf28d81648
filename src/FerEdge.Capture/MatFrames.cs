using FerEdge.Core.Frames;
using FerEdge.Core.Imaging;
using OpenCvSharp;

namespace FerEdge.Capture;

/// <summary>Copies OpenCV images into <see cref="VideoFrame"/> buffers; no <see cref="Mat"/> leaves this adapter.</summary>
internal static class MatFrames
{
    /// <summary>
    /// Copies an 8-bit BGR (3 channels), BGRA (4) or gray (1) image into <paramref name="frame"/>. Gray images are
    /// used as they are; colour images get the channel-mean gray dlib uses.
    /// </summary>
    public static void CopyTo(Mat image, VideoFrame frame)
    {
        if (image.Depth() != MatType.CV_8U)
        {
            throw new FrameSourceException($"Unsupported pixel depth {image.Depth()} (8-bit images only).");
        }

        frame.EnsureSize(image.Width, image.Height);
        var color = frame.Color!;
        var gray = frame.Gray!;
        switch (image.Channels())
        {
            case 1:
                CopyRows(image, gray.Pixels, image.Width);
                GrayConversion.Replicate(gray.Pixels, color.Pixels);
                break;
            case 3:
                CopyRows(image, color.Pixels, image.Width * 3);
                GrayConversion.ChannelMean(color.Pixels, gray.Pixels);
                break;
            case 4:
                using (var bgr = new Mat())
                {
                    Cv2.CvtColor(image, bgr, ColorConversionCodes.BGRA2BGR);
                    CopyRows(bgr, color.Pixels, image.Width * 3);
                }

                GrayConversion.ChannelMean(color.Pixels, gray.Pixels);
                break;
            default:
                throw new FrameSourceException($"Unsupported channel count {image.Channels()}.");
        }
    }

    private static void CopyRows(Mat image, Span<byte> target, int rowBytes)
    {
        if (image.IsContinuous())
        {
            unsafe
            {
                new ReadOnlySpan<byte>((void*)image.Data, rowBytes * image.Rows).CopyTo(target);
            }

            return;
        }

        var height = image.Height;
        for (var y = 0; y < height; y++)
        {
            unsafe
            {
                new ReadOnlySpan<byte>((void*)image.Ptr(y), rowBytes).CopyTo(target.Slice(y * rowBytes, rowBytes));
            }
        }
    }
}
