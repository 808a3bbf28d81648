using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using OpenCvSharp;

namespace FerEdge.Training.FrontEnd;

/// <summary>
/// Data for the front-end reports: gray PNG frames extracted once with ffmpeg (or photos re-encoded once as gray PNG),
/// and dlib's full pipeline (HOG detector + shape predictor, the C++ oracle) run once on them. Both are cached under
/// artifacts/frontend/ and reused while the list of frames is unchanged, so both sides read identical pixels.
/// </summary>
internal static class FrontEndData
{
    private const string ShapeModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>The shared videos (*.mp4, *.mov under data/videos), in name order.</summary>
    public static string[] Videos(string dataRoot)
    {
        var folder = Path.Combine(dataRoot, "videos");
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Shared video folder '{folder}' not found; pass --shared DIR.");
        }

        return Directory.GetFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".mp4" or ".mov")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every frame of <paramref name="video"/> as gray PNG, with dlib's faces.</summary>
    public static FrontEndSet Video(string root, string video)
    {
        var name = Path.GetFileName(video);
        var folder = Path.Combine(root, "artifacts", "frontend", "frames", name);
        var done = Path.Combine(folder, ".complete");
        if (!File.Exists(done))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            Console.Error.WriteLine($"frontend: extracting gray frames of {name}");
            RunProcess("ffmpeg", ["-nostdin", "-loglevel", "error", "-vsync", "passthrough", "-i", video, "-pix_fmt", "gray", Path.Combine(folder, "f%05d.png")]);
            File.WriteAllText(done, string.Empty);
        }

        var pngs = Directory.GetFiles(folder, "f*.png").Order(StringComparer.Ordinal).ToList();
        if (pngs.Count == 0)
        {
            throw new InvalidDataException($"ffmpeg extracted no frames from '{video}'.");
        }

        return WithOracle(root, name, folder, pngs);
    }

    /// <summary>The faces-in-the-wild photos re-encoded as gray PNG (once), with dlib's faces.</summary>
    public static FrontEndSet Wild(string root, string dataRoot)
    {
        var folder = Path.Combine(root, "artifacts", "frontend", "frames", "faces-in-the-wild");
        Directory.CreateDirectory(folder);
        var pngs = new List<string>();
        foreach (var path in DetectionDatasets.Labelled(dataRoot, "faces-in-the-wild"))
        {
            var png = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".png");
            if (!File.Exists(png))
            {
                using var image = Cv2.ImRead(path, ImreadModes.Grayscale);
                if (image.Empty())
                {
                    throw new InvalidDataException($"Image '{path}' cannot be decoded.");
                }

                Cv2.ImWrite(png, image);
            }

            pngs.Add(png);
        }

        return WithOracle(root, "faces-in-the-wild", folder, pngs);
    }

    /// <summary>Decodes a gray PNG into a <see cref="GrayImage"/>.</summary>
    public static GrayImage LoadGray(string png)
    {
        using var mat = Cv2.ImRead(png, ImreadModes.Grayscale);
        if (mat.Empty() || !mat.IsContinuous())
        {
            throw new InvalidDataException($"Image '{png}' cannot be decoded as a gray image.");
        }

        var image = new GrayImage(mat.Cols, mat.Rows);
        mat.AsSpan<byte>().CopyTo(image.Pixels);
        return image;
    }

    private static FrontEndSet WithOracle(string root, string name, string folder, List<string> pngs)
    {
        var oracle = Path.Combine(root, "tools", "oracles", "build", "dlib_landmarks");
        if (!File.Exists(oracle))
        {
            throw new FileNotFoundException($"dlib oracle '{oracle}' not found; run tools/setup.sh.", oracle);
        }

        var list = Path.Combine(folder, "list.txt");
        var output = Path.Combine(folder, "dlib.txt");
        var listText = string.Join('\n', pngs) + "\n";
        if (!File.Exists(output) || !File.Exists(list) || File.ReadAllText(list) != listText)
        {
            File.WriteAllText(list, listText);
            Console.Error.WriteLine($"frontend: running dlib's HOG detector and shape predictor on {pngs.Count} images of {name}");
            File.WriteAllText(output, RunProcess(oracle, ["detect", ShapeModel, list]));
        }

        var faces = new Dictionary<string, List<FrontEndOracleFace>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(output))
        {
            var f = line.Split(' ');
            if (f.Length != 5 + 136)
            {
                throw new InvalidDataException($"Unexpected oracle line in '{output}': {f.Length} fields instead of 141.");
            }

            var shape = new float[136];
            for (var i = 0; i < shape.Length; i++)
            {
                shape[i] = float.Parse(f[5 + i], CultureInfo.InvariantCulture);
            }

            int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
            if (!faces.TryGetValue(f[0], out var forImage))
            {
                faces[f[0]] = forImage = [];
            }

            forImage.Add(new FrontEndOracleFace(new DlibRect(I(1), I(2), I(3), I(4)), shape));
        }

        var images = pngs.Select(p => new FrontEndImage(p, faces.TryGetValue(p, out var l) ? l : [])).ToList();
        return new FrontEndSet(name, images);
    }

    private static string RunProcess(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }

        return stdout;
    }
}
