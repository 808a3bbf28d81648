using System.Globalization;
using FerEdge.Vision.Detection;

namespace FerEdge.Training;

/// <summary>Options shared by the detection commands, with defaults relative to the repository root.</summary>
internal sealed record DetectionCommandLine(string Root, string Shared, string Models, int Threads, float Score, string? Out)
{
    public string ModelPath(BlazeFaceModel model) => Path.Combine(Models, BlazeFaceDetector.DefaultFileName(model));

    /// <summary>Parses the options; throws <see cref="ArgumentException"/> naming a bad or unknown option.</summary>
    public static DetectionCommandLine Parse(string[] args, string usage)
    {
        var root = FindRoot();
        var options = new DetectionCommandLine(
            root,
            Path.GetFullPath(Path.Combine(root, "..", "shared")),
            Path.Combine(root, "models", "third_party", "blazeface"),
            1,
            0.5f,
            null);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value; {usage}");
            options = args[i] switch
            {
                "--shared" => options with { Shared = Value() },
                "--models" => options with { Models = Value() },
                "--out" => options with { Out = Value() },
                "--threads" => options with { Threads = ParseInt(args[i], Value()) },
                "--score" => options with { Score = ParseFloat(args[i], Value()) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'; {usage}"),
            };
        }

        return options;
    }

    /// <summary>The CPU model name from /proc/cpuinfo, or "unknown CPU".</summary>
    public static string CpuName()
    {
        const string Key = "model name";
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith(Key, StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        return "unknown CPU";
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ArgumentException($"{name} wants a positive integer, got '{value}'");

    private static float ParseFloat(string name, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1
            ? v
            : throw new ArgumentException($"{name} wants a number in [0, 1], got '{value}'");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FerEdge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new ArgumentException("run from inside the repository (FerEdge.sln not found above the current folder)");
    }
}
