using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FerEdge.Capture;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Vision.Perception;
using OpenCvSharp;

namespace FerEdge.Training.Data;

/// <summary>
/// Fits 68 landmarks to every image of a labelled data set with the product's own front end and caches the result.
/// Tight crops (CK+48) are upsampled and fitted in one calibrated whole-image box: the median, relative to the image,
/// of the dlib-convention boxes the detector gives on those same images, so every crop is fitted the same way even
/// where detection wobbles. Photos (faces-in-the-wild) go through detection; the largest face is fitted and images
/// without one are counted. Single-threaded and deterministic: the same files give the same shapes, bit for bit.
/// </summary>
public sealed class LandmarkExtractor : IDisposable
{
    // Bumped whenever the extraction changes, so stale caches are not reused.
    private const string Version = "landmarks-v1";
    private readonly FaceLandmarker _landmarker;
    private readonly string _cacheFolder;

    /// <param name="blazeFaceDirectory">Folder holding the BlazeFace ONNX models.</param>
    /// <param name="cacheFolder">Folder for cached shapes (created if needed), e.g. <c>artifacts/cache</c>.</param>
    public LandmarkExtractor(string blazeFaceDirectory, string cacheFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheFolder);
        _landmarker = new FaceLandmarker(new FaceLandmarkerOptions { BlazeFaceDirectory = blazeFaceDirectory });
        _cacheFolder = cacheFolder;
    }

    /// <summary>
    /// Tight crops: upsample by <paramref name="upsample"/>, fit in the calibrated whole-image box. With
    /// <paramref name="mirrorAverage"/> each crop is also fitted mirrored (box mirrored too), and the two fits, the
    /// mirrored one mapped back, are averaged point by point.
    /// </summary>
    public FaceShapes ExtractTightCrops(string folder, int upsample, Action<string>? log = null, bool mirrorAverage = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(upsample, 1);
        var images = LabelsFile.Read(folder);
        return Cached(folder, images, $"tight-x{upsample}{(mirrorAverage ? "-mirror-average" : string.Empty)}", log, () =>
        {
            // Pass 1: where does the detector put the model box on these crops? Relative coordinates, median each.
            var rel = new List<double>[4] { [], [], [], [] };
            var undetected = 0;
            foreach (var image in images)
            {
                var gray = Load(image.Path, upsample);
                if (_landmarker.Detect(gray) == 0)
                {
                    undetected++;
                    continue;
                }

                var box = FaceLandmarker.ModelBox(_landmarker.Faces[0]);
                rel[0].Add((double)box.Left / gray.Width);
                rel[1].Add((double)box.Top / gray.Height);
                rel[2].Add((double)box.Right / gray.Width);
                rel[3].Add((double)box.Bottom / gray.Height);
            }

            if (rel[0].Count == 0)
            {
                throw new InvalidDataException($"no face detected in any image of '{folder}'; cannot calibrate the crop box");
            }

            var median = new double[4];
            for (var k = 0; k < 4; k++)
            {
                rel[k].Sort();
                median[k] = rel[k][rel[k].Count / 2];
            }

            var shapes = new float[images.Count * Face68.ShapeLength];
            var found = new bool[images.Count];
            DlibRect last = default;
            for (var i = 0; i < images.Count; i++)
            {
                var gray = Load(images[i].Path, upsample);
                last = new DlibRect(
                    (int)Math.Round(median[0] * gray.Width), (int)Math.Round(median[1] * gray.Height),
                    (int)Math.Round(median[2] * gray.Width), (int)Math.Round(median[3] * gray.Height));
                found[i] = Fit(gray, last, shapes.AsSpan(i * Face68.ShapeLength, Face68.ShapeLength), mirrorAverage);
            }

            var text = $"upsampled x{upsample} (linear){(mirrorAverage ? ", mean of the fit and the mirrored fit" : string.Empty)}, fixed box {last.Left},{last.Top},{last.Right},{last.Bottom} = median detector box "
                + $"relative to the image over {rel[0].Count} crops ({undetected} crops had no detection but are fitted in the same box)";
            return (text, shapes, found);
        });
    }

    /// <summary>
    /// Photos: detection, largest face fitted; images with no face are flagged. <paramref name="mirrorAverage"/> as for
    /// <see cref="ExtractTightCrops"/>.
    /// </summary>
    public FaceShapes ExtractDetected(string folder, Action<string>? log = null, bool mirrorAverage = false)
    {
        var images = LabelsFile.Read(folder);
        return Cached(folder, images, mirrorAverage ? "detected-mirror-average" : "detected", log, () =>
        {
            var shapes = new float[images.Count * Face68.ShapeLength];
            var found = new bool[images.Count];
            for (var i = 0; i < images.Count; i++)
            {
                var gray = Load(images[i].Path, 1);
                found[i] = _landmarker.Detect(gray) > 0
                    && Fit(gray, FaceLandmarker.ModelBox(_landmarker.Faces[0]), shapes.AsSpan(i * Face68.ShapeLength, Face68.ShapeLength), mirrorAverage);
            }

            return ($"BlazeFace front 128 at 0.5, largest face, calibrated dlib box{(mirrorAverage ? ", mean of the fit and the mirrored fit" : string.Empty)}", shapes, found);
        });
    }

    public void Dispose() => _landmarker.Dispose();

    /// <summary>Decodes an image as 8-bit gray (as stored for gray files), upsampled by <paramref name="scale"/>.</summary>
    public static GrayImage Load(string path, int scale)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image '{path}' listed in labels.csv does not exist", path);
        }

        using var image = Cv2.ImRead(path, ImreadModes.Grayscale);
        if (image.Empty())
        {
            throw new InvalidDataException($"image '{path}' cannot be decoded");
        }

        using var resized = new Mat();
        var source = image;
        if (scale != 1)
        {
            Cv2.Resize(image, resized, new Size(image.Width * scale, image.Height * scale), 0, 0, InterpolationFlags.Linear);
            source = resized;
        }

        int width = source.Width, height = source.Height;
        var gray = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            unsafe
            {
                new ReadOnlySpan<byte>((void*)source.Ptr(y), width).CopyTo(gray.Row(y));
            }
        }

        return gray;
    }

    private bool Fit(GrayImage gray, DlibRect box, Span<float> shape, bool mirrorAverage) =>
        mirrorAverage ? FitMirrorAveraged(gray, box, shape) : FitChecked(gray, box, shape);

    private bool FitChecked(GrayImage gray, DlibRect box, Span<float> shape)
    {
        _landmarker.Fit(gray, box, shape);
        foreach (var v in shape)
        {
            if (!float.IsFinite(v))
            {
                shape.Clear();
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Fits 68 landmarks in <paramref name="box"/> and again in the mirror image (box mirrored too), and writes the
    /// point-by-point mean of the fit and the mirrored fit mapped back (x reflected, left and right landmarks swapped).
    /// False, with <paramref name="shape"/> cleared, when either fit is not finite.
    /// </summary>
    public bool FitMirrorAveraged(GrayImage gray, DlibRect box, Span<float> shape)
    {
        ArgumentNullException.ThrowIfNull(gray);
        if (shape.Length != Face68.ShapeLength)
        {
            throw new ArgumentException($"the shape needs {Face68.ShapeLength} values (got {shape.Length})", nameof(shape));
        }

        if (!FitChecked(gray, box, shape))
        {
            return false;
        }

        var w = gray.Width;
        Span<float> mirrored = stackalloc float[Face68.ShapeLength];
        if (!FitChecked(Mirror(gray), new DlibRect(w - 1 - box.Right, box.Top, w - 1 - box.Left, box.Bottom), mirrored))
        {
            shape.Clear();
            return false;
        }

        Span<float> back = stackalloc float[Face68.ShapeLength];
        Face68.Mirror(mirrored, w - 1, back);
        for (var i = 0; i < Face68.ShapeLength; i++)
        {
            shape[i] = 0.5f * (shape[i] + back[i]);
        }

        return true;
    }

    /// <summary>The left-right mirror image of <paramref name="gray"/>: column x becomes column width - 1 - x.</summary>
    public static GrayImage Mirror(GrayImage gray)
    {
        ArgumentNullException.ThrowIfNull(gray);
        var mirrored = new GrayImage(gray.Width, gray.Height);
        for (var y = 0; y < gray.Height; y++)
        {
            gray.Row(y).CopyTo(mirrored.Row(y));
            mirrored.Row(y).Reverse();
        }

        return mirrored;
    }

    private FaceShapes Cached(string folder, IReadOnlyList<LabelledImage> images, string method, Action<string>? log,
        Func<(string Text, float[] Shapes, bool[] Found)> extract)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var labels = File.ReadAllBytes(Path.Combine(folder, LabelsFile.FileName));
        var key = Convert.ToHexStringLower(SHA256.HashData([.. labels, .. Encoding.UTF8.GetBytes(Version + method)]))[..16];
        var file = Path.Combine(_cacheFolder, $"{name}.{method}.{key}.csv");
        if (File.Exists(file) && TryRead(file, images.Count) is { } hit)
        {
            log?.Invoke($"{name}: landmarks of {images.Count} images from cache {file}");
            return new FaceShapes(name, images, hit.Shapes, hit.Found, hit.Text);
        }

        log?.Invoke($"{name}: fitting landmarks to {images.Count} images ...");
        var fresh = extract();
        Write(file, fresh.Text, fresh.Shapes, fresh.Found);
        return new FaceShapes(name, images, fresh.Shapes, fresh.Found, fresh.Text);
    }

    // Cache format: first line the method text, then one line per image: 0|1 and 136 floats in round-trip form.
    private static void Write(string file, string text, float[] shapes, bool[] found)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var sb = new StringBuilder();
        sb.Append(text.Replace('\n', ' ')).Append('\n');
        for (var i = 0; i < found.Length; i++)
        {
            sb.Append(found[i] ? '1' : '0');
            for (var k = 0; k < Face68.ShapeLength; k++)
            {
                sb.Append(',').Append(shapes[(i * Face68.ShapeLength) + k].ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        var temp = file + ".tmp";
        File.WriteAllText(temp, sb.ToString());
        File.Move(temp, file, overwrite: true);
    }

    private static (string Text, float[] Shapes, bool[] Found)? TryRead(string file, int count)
    {
        var lines = File.ReadAllLines(file);
        if (lines.Length != count + 1)
        {
            return null;
        }

        var shapes = new float[count * Face68.ShapeLength];
        var found = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var cells = lines[i + 1].Split(',');
            if (cells.Length != 137)
            {
                return null;
            }

            found[i] = cells[0] == "1";
            for (var k = 0; k < Face68.ShapeLength; k++)
            {
                if (!float.TryParse(cells[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out shapes[(i * Face68.ShapeLength) + k]))
                {
                    return null;
                }
            }
        }

        return (lines[0], shapes, found);
    }
}
