using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Geometry;
using FerEdge.Testing;

namespace FerEdge.Vision.Tests.Landmarks;

/// <summary>Runs the dlib C++ reference build (tools/oracles/build/dlib_landmarks) and parses its output.</summary>
internal static class DlibLandmarkOracle
{
    public static string ExecutablePath => TestPaths.InRepo("tools", "oracles", "build", "dlib_landmarks");

    /// <summary>Fits dlib's predictor from the given boxes; with <paramref name="repeat"/> &gt; 0 also returns dlib's
    /// microseconds per face.</summary>
    public static (IReadOnlyList<OracleFace> Faces, double? MicrosecondsPerFace) Fit(
        string modelPath, IEnumerable<(string Image, DlibRect Box)> jobs, string scratch, int repeat = 0)
    {
        var list = Path.Combine(scratch, "fit-list.txt");
        File.WriteAllLines(list, jobs.Select(j =>
            string.Create(CultureInfo.InvariantCulture, $"{j.Image} {j.Box.Left} {j.Box.Top} {j.Box.Right} {j.Box.Bottom}")));
        var (stdout, stderr) = Run("fit", modelPath, list, repeat);
        double? us = null;
        foreach (var line in stderr.Split('\n'))
        {
            if (line.StartsWith("# us_per_face ", StringComparison.Ordinal))
            {
                us = double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture);
            }
        }

        return (Parse(stdout), us);
    }

    /// <summary>Runs dlib's HOG face detector on each image, then fits; images without a face give no line.</summary>
    public static IReadOnlyList<OracleFace> Detect(string modelPath, IEnumerable<string> images, string scratch)
    {
        var list = Path.Combine(scratch, "detect-list.txt");
        File.WriteAllLines(list, images);
        return Parse(Run("detect", modelPath, list, 0).Stdout);
    }

    private static List<OracleFace> Parse(string stdout)
    {
        var faces = new List<OracleFace>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            var box = new DlibRect(Int(parts[1]), Int(parts[2]), Int(parts[3]), Int(parts[4]));
            var points = new float[parts.Length - 5];
            for (var i = 0; i < points.Length; i++)
            {
                points[i] = float.Parse(parts[5 + i], CultureInfo.InvariantCulture);
            }

            faces.Add(new OracleFace(parts[0], box, points));
        }

        return faces;

        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }

    private static (string Stdout, string Stderr) Run(string mode, string modelPath, string list, int repeat)
    {
        var exe = ExecutablePath;
        Assert.True(File.Exists(exe), $"The dlib oracle {exe} is missing; run `bash tools/setup.sh` to build it.");
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(modelPath);
        info.ArgumentList.Add(list);
        info.ArgumentList.Add(repeat.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(info)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{exe} {mode} failed with exit code {process.ExitCode}: {stderr}");
        return (stdout, stderr);
    }
}
