using System.Diagnostics;
using System.Runtime.Versioning;

namespace FerEdge.Testing;

/// <summary>
/// The programs tests run beside the product (ffmpeg, mosquitto and its clients), and the secret files they are
/// given.
/// </summary>
internal static class ExternalTools
{
    /// <summary>Runs <paramref name="file"/> to its end; fails the test, with its standard error, unless it exits 0.</summary>
    public static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {err}");
    }

    /// <summary>
    /// Starts <paramref name="file"/> in the background with its output read and dropped, so a chatty program never
    /// blocks on a full pipe. The caller owns (kills, disposes) the process.
    /// </summary>
    public static Process StartQuiet(string file, params string[] args)
    {
        var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A file in <paramref name="dir"/> holding <paramref name="secret"/> and a newline, mode 0600.</summary>
    [SupportedOSPlatform("linux")]
    public static string SecretFile(string dir, string name, string secret)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, secret + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
