using FerEdge.Core.Frames;
using FerEdge.Core.Imaging;

namespace FerEdge.Capture;

/// <summary>Reads one labelled still image as the frame sources read images (8-bit gray as stored for gray files).</summary>
public static class StillImages
{
    /// <summary>Decodes <paramref name="path"/> to gray; a missing or undecodable file throws <see cref="InvalidDataException"/> naming it.</summary>
    public static GrayImage Load(string path)
    {
        using var source = ImageFolderSource.SingleImage(path);
        var frame = new VideoFrame();
        if (!source.TryRead(frame) || frame.Gray is null)
        {
            throw new InvalidDataException($"image '{path}' could not be read");
        }

        return frame.Gray;
    }
}
