using System.Diagnostics;

namespace FerEdge.Testing;

/// <summary>single_face.mp4 remuxed with its index first (faststart) and then cut in half: it opens, and its second half is missing.</summary>
internal static class TruncatedClip
{
    /// <summary>Writes <c>whole.mp4</c> and <c>cut.mp4</c> into <paramref name="folder"/> and returns their paths.</summary>
    public static (string Whole, string Cut) Write(string folder)
    {
        var whole = Path.Combine(folder, "whole.mp4");
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-i", TestPaths.Data("videos", "single_face.mp4"), "-c", "copy", "-movflags", "+faststart", whole]))!)
        {
            Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(30)) && ffmpeg.ExitCode == 0, "ffmpeg could not remux the clip");
        }

        var bytes = File.ReadAllBytes(whole);
        var cut = Path.Combine(folder, "cut.mp4");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        return (whole, cut);
    }
}
