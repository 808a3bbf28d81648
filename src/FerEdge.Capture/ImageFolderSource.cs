using FerEdge.Core.Frames;
using OpenCvSharp;

namespace FerEdge.Capture;

/// <summary>
/// The images of a folder (PNG, JPEG, BMP, PGM/PPM) read in ordinal order of file names; the frame index is the
/// 0-based position in that order. Grayscale images are used as they are.
/// </summary>
/// <remarks>Not thread-safe. An unreadable image throws <see cref="FrameSourceException"/> naming the file.</remarks>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".ppm", ".tif", ".tiff"];
    private readonly string[] _files;
    private readonly double _fps;
    private int _next;

    /// <summary>Lists the images of <paramref name="folder"/>; <paramref name="framesPerSecond"/> sets media time.</summary>
    public ImageFolderSource(string folder, double framesPerSecond = 0)
        : this(ListImages(folder), folder, framesPerSecond)
    {
    }

    private ImageFolderSource(string[] files, string description, double framesPerSecond)
    {
        _files = files;
        _fps = framesPerSecond;
        Description = description;
    }

    /// <summary>A source of exactly one image file.</summary>
    public static ImageFolderSource SingleImage(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FrameSourceException($"Image file not found: {path}");
        }

        return new ImageFolderSource([path], path, 0);
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
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_next >= _files.Length)
        {
            return false;
        }

        var file = _files[_next];
        using (var mat = Cv2.ImRead(file, ImreadModes.Unchanged))
        {
            if (mat.Empty())
            {
                throw new FrameSourceException($"Cannot decode image {file}");
            }

            try
            {
                MatFrames.CopyTo(mat, frame);
            }
            catch (FrameSourceException e)
            {
                throw new FrameSourceException($"Image {file}: {e.Message}", e);
            }
        }

        frame.Index = _next;
        frame.Time = _fps > 0 ? _next / _fps : _next;
        _next++;
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
