using FerEdge.Core.Frames;
using OpenCvSharp;

namespace FerEdge.Capture;

/// <summary>
/// The images of a folder (PNG, JPEG, BMP, PGM/PPM) read in ordinal order of file names; the frame index is the
/// 0-based position in that order. Grayscale images are used as they are.
/// </summary>
/// <remarks>
/// Not thread-safe. An unreadable image, or one whose header claims more pixels than the limit, throws
/// <see cref="FrameSourceException"/> naming the file; the next read goes on with the next file, so a reader that
/// skips failures reaches the end of the folder.
/// </remarks>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".ppm", ".tif", ".tiff"];
    private readonly string[] _files;
    private readonly double _fps;
    private readonly long _maxPixels;
    private int _next;

    /// <summary>
    /// Lists the images of <paramref name="folder"/>; <paramref name="framesPerSecond"/> sets media time;
    /// <paramref name="maxPixels"/> bounds the size an image header may claim.
    /// </summary>
    public ImageFolderSource(string folder, double framesPerSecond = 0, long maxPixels = ImageHeader.DefaultMaxPixels)
        : this(ListImages(folder), folder, framesPerSecond, maxPixels)
    {
    }

    private ImageFolderSource(string[] files, string description, double framesPerSecond, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        _files = files;
        _fps = framesPerSecond;
        _maxPixels = maxPixels;
        Description = description;
    }

    /// <summary>A source of exactly one image file.</summary>
    public static ImageFolderSource SingleImage(string path, long maxPixels = ImageHeader.DefaultMaxPixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FrameSourceException($"Image file not found: {path}");
        }

        return new ImageFolderSource([path], path, 0, maxPixels);
    }

    /// <summary>True when <paramref name="path"/> has an image file extension this source reads.</summary>
    public static bool IsImageFile(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The image files in reading order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public double FramesPerSecond => _fps;

    /// <inheritdoc />
    public bool IsLive => false;

    /// <inheritdoc />
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_next >= _files.Length)
        {
            return false;
        }

        // Move on before decoding: a file that fails is skipped, not read again.
        var index = _next++;
        var file = _files[index];
        ImageHeader.Check(file, _maxPixels);
        try
        {
            using var mat = Cv2.ImRead(file, ImreadModes.Unchanged);
            if (mat.Empty())
            {
                throw new FrameSourceException($"Cannot decode image {file}");
            }

            MatFrames.CopyTo(mat, frame);
        }
        catch (FrameSourceException e) when (!e.Message.Contains(file, StringComparison.Ordinal))
        {
            throw new FrameSourceException($"Image {file}: {e.Message}", e);
        }
        catch (OpenCVException e)
        {
            // OpenCV refuses some headers itself (OPENCV_IO_MAX_IMAGE_PIXELS) by throwing.
            throw new FrameSourceException($"Cannot decode image {file}: {e.Message}", e);
        }

        frame.Index = index;
        frame.Time = _fps > 0 ? index / _fps : index;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static string[] ListImages(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new FrameSourceException($"Image folder not found: {folder}");
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(IsImageFile)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return files.Length > 0
            ? files
            : throw new FrameSourceException($"No images (png, jpg, bmp, pgm, ppm, tif) in folder {folder}");
    }
}
