using System.Diagnostics;
using System.Text;

namespace FerEdge.Deploy.Tests;

/// <summary>The outcome of a finished child process.</summary>
internal sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Transcript => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs a child process to its end, draining both streams so that neither pipe fills and blocks it.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/>; <paramref name="environment"/> entries
    /// set variables, null values remove them. A process still running after <paramref name="timeout"/> is killed
    /// and the test fails with what it printed so far.
    /// </summary>
    public static ChildProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} ran longer than {timeout}:\n{Snapshot(stdout)}\n{Snapshot(stderr)}");
        }

        // The parameterless wait also waits for the asynchronous readers to reach the end of both streams.
        process.WaitForExit();
        return new ChildProcessResult(process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder source)
    {
        lock (source)
        {
            return source.ToString();
        }
    }
}
