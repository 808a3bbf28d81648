using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Geometry;
using FerEdge.Testing;

namespace FerEdge.Vision.Tests.Detection;

/// <summary>
/// Face boxes from dlib's HOG frontal face detector, through the C++ oracle tools/setup.sh builds
/// (<c>dlib_landmarks detect MODEL LIST</c>), on gray PNGs that ffmpeg writes from the test image.
/// </summary>
internal static class DlibHogOracle
{
    private const string ShapeModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>HOG boxes (dlib's inclusive rectangles) found in the image at <paramref name="path"/>.</summary>
    public static List<DlibRect> Detect(string path)
    {
        var oracle = TestPaths.InRepo("tools", "oracles", "build", "dlib_landmarks");
        Assert.True(File.Exists(oracle), $"{oracle} is missing: run tools/setup.sh");
        var scratch = TestPaths.NewScratchFolder("hog");
        var gray = Path.Combine(scratch, "frame.png");
        Run("ffmpeg", "-loglevel", "error", "-y", "-i", path, "-pix_fmt", "gray", gray);
        var list = Path.Combine(scratch, "list.txt");
        File.WriteAllText(list, gray + "\n");
        var boxes = new List<DlibRect>();
        foreach (var line in Run(oracle, "detect", ShapeModel, list).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
            boxes.Add(new DlibRect(I(1), I(2), I(3), I(4)));
        }

        return boxes;
    }

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr}");
        return stdout.Result;
    }
}
