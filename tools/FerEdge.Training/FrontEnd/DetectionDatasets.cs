using OpenCvSharp;

namespace FerEdge.Training.FrontEnd;

/// <summary>
/// The shared data sets the detection report runs over, each delivered frame by frame as an 8-bit BGR or gray
/// <see cref="Mat"/> that is only valid during the callback.
/// </summary>
internal static class DetectionDatasets
{
    /// <summary>A named source of frames.</summary>
    public sealed record Source(string Name, string Kind, Action<Action<Mat>> ForEach);

    /// <summary>Every video and still in videos/, then CK+48 (upsampled x4) and faces-in-the-wild.</summary>
    public static IReadOnlyList<Source> All(string dataRoot)
    {
        var videos = Path.Combine(dataRoot, "videos");
        if (!Directory.Exists(videos))
        {
            throw new DirectoryNotFoundException($"Shared video folder '{videos}' not found; pass --shared DIR.");
        }

        var sources = new List<Source>();
        foreach (var file in Directory.GetFiles(videos).OrderBy(f => f, StringComparer.Ordinal))
        {
            var ext = Path.GetExtension(file).ToLowerInvariant();
            if (ext is ".mp4" or ".mov")
            {
                sources.Add(new Source(Path.GetFileName(file), "video", action => Video(file, action)));
            }
            else if (ext is ".jpg" or ".png")
            {
                sources.Add(new Source(Path.GetFileName(file), "still", action => Images([file], 1, action)));
            }
        }

        sources.Add(new Source("ckplus48 (x4)", "images", action => Images(Labelled(dataRoot, "ckplus48"), 4, action)));
        sources.Add(new Source("faces-in-the-wild", "images", action => Images(Labelled(dataRoot, "faces-in-the-wild"), 1, action)));
        return sources;
    }

    /// <summary>Image paths from a data set's labels.csv, in file order.</summary>
    public static string[] Labelled(string dataRoot, string dataset)
    {
        var folder = Path.Combine(dataRoot, dataset);
        var labels = Path.Combine(folder, "labels.csv");
        if (!File.Exists(labels))
        {
            throw new FileNotFoundException($"Labels file '{labels}' not found.", labels);
        }

        return File.ReadLines(labels).Skip(1).Where(l => l.Length > 0)
            .Select(l => Path.Combine(folder, l[..l.IndexOf(',', StringComparison.Ordinal)]))
            .ToArray();
    }

    /// <summary>Decodes every frame of a video with OpenCV.</summary>
    public static void Video(string path, Action<Mat> action)
    {
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            throw new InvalidDataException($"Video '{path}' cannot be opened.");
        }

        using var frame = new Mat();
        while (capture.Read(frame) && !frame.Empty())
        {
            action(frame);
        }
    }

    /// <summary>Reads images as they are stored (gray stays gray), upsampled by <paramref name="scale"/>.</summary>
    public static void Images(IEnumerable<string> paths, int scale, Action<Mat> action)
    {
        using var resized = new Mat();
        foreach (var path in paths)
        {
            using var image = Cv2.ImRead(path, ImreadModes.Unchanged);
            if (image.Empty())
            {
                throw new InvalidDataException($"Image '{path}' cannot be decoded.");
            }

            if (scale == 1)
            {
                action(image);
                continue;
            }

            Cv2.Resize(image, resized, new Size(image.Width * scale, image.Height * scale), 0, 0, InterpolationFlags.Linear);
            action(resized);
        }
    }
}
