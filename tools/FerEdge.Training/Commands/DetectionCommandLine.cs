using System.Text;
using FerEdge.Vision.Detection;

namespace FerEdge.Training.Commands;

/// <summary>
/// Options shared by the detection and front-end commands (<c>--shared DIR --models DIR --threads N --score T
/// --out FILE</c>), with defaults relative to the repository root, and the command line that produced a report.
/// </summary>
internal sealed record DetectionCommandLine(string Root, string Shared, string Models, int Threads, float Score, string? Out, string Given)
{
    public string ModelPath(BlazeFaceModel model) => Path.Combine(Models, BlazeFaceDetector.DefaultFileName(model));

    /// <summary>How a report names the command that wrote it, with the options as given.</summary>
    public string Command(string name) =>
        $"Command: `dotnet run --project tools/FerEdge.Training -c Release -- {name}{(Given.Length > 0 ? " " + Given : string.Empty)}` (from the repository root).";

    /// <summary>Writes the finished report to standard output and, with <c>--out</c>, to that file; returns exit code 0.</summary>
    public int Publish(StringBuilder report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = report.ToString();
        Console.Write(text);
        if (Out is { } path)
        {
            File.WriteAllText(path, text);
        }

        return 0;
    }

    /// <summary>Reads the shared options; the command reads its own, then rejects the unknown ones.</summary>
    public static DetectionCommandLine Read(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = FindRoot();
        return new DetectionCommandLine(
            root,
            options.Value("shared", Path.GetFullPath(Path.Combine(root, "..", "shared"))),
            options.Value("models", Path.Combine(root, "models", "third_party", "blazeface")),
            options.Count("threads", 1, 1, int.MaxValue),
            options.Fraction("score", 0.5f),
            options.Optional("out"),
            options.CommandLine);
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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FerEdge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException("run from inside the repository (FerEdge.sln not found above the current folder)");
    }
}
