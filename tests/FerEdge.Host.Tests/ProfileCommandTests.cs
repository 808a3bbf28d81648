using System.Text.Json;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

public sealed class ProfileCommandTests
{
    [Fact]
    public void Profile_SingleFacePreloaded_WritesJsonContractAndReportWithPlots()
    {
        var dir = TestPaths.NewScratchFolder("profile");
        var json = Path.Combine(dir, "profile.json");
        var report = Path.Combine(dir, "report");
        Assert.Equal(0, Program.Main(["profile", "--source", TestPaths.Data("videos", "single_face.mp4"), "--preload", "--json", json, "--report", report]));

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(72, root.GetProperty("frames").GetInt64());
        Assert.True(root.GetProperty("fps").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("dropped").GetInt64());
        Assert.InRange(root.GetProperty("keyframe_share").GetDouble(), 1 / 72.0, 0.5);
        Assert.True(root.GetProperty("peak_memory_mb").GetDouble() > 10);
        // Start-up: the process's first frame came out after the process started, and took part of that time.
        var coldStart = root.GetProperty("cold_start_ms").GetDouble();
        var firstFrame = root.GetProperty("first_frame_ms").GetDouble();
        Assert.True(firstFrame > 0 && firstFrame < coldStart, $"first frame {firstFrame} ms, cold start {coldStart} ms");
        var stages = root.GetProperty("stages");
        foreach (var name in new[] { "end_to_end", "capture", "detection", "landmarks", "tracking", "classifiers", "explanation", "publish", "keyframe" })
        {
            var s = stages.GetProperty(name);
            var p50 = s.GetProperty("p50_ms").GetDouble();
            var p90 = s.GetProperty("p90_ms").GetDouble();
            var p99 = s.GetProperty("p99_ms").GetDouble();
            var max = s.GetProperty("max_ms").GetDouble();
            Assert.True(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= max, $"{name}: {p50} {p90} {p99} {max}");
        }

        Assert.Equal(72, stages.GetProperty("end_to_end").GetProperty("count").GetInt64());
        // Each frame is either a keyframe or tracked; detection ran on every keyframe.
        var keyframes = stages.GetProperty("keyframe").GetProperty("count").GetInt64();
        var tracked = stages.GetProperty("tracked_frame").GetProperty("count").GetInt64();
        Assert.Equal(72, keyframes + tracked);
        Assert.Equal(keyframes, stages.GetProperty("detection").GetProperty("count").GetInt64());
        Assert.Equal(keyframes / 72.0, root.GetProperty("keyframe_share").GetDouble(), 3);

        var markdown = File.ReadAllText(Path.Combine(report, "profile.md"));
        Assert.Contains("## Where the time goes", markdown, StringComparison.Ordinal);
        Assert.Contains("| end-to-end p50 <= 3 ms |", markdown, StringComparison.Ordinal);
        Assert.Contains("| end-to-end p99 <= 10 ms |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Start-up", markdown, StringComparison.Ordinal);
        Assert.Contains("| cold start <= 1000 ms |", markdown, StringComparison.Ordinal);
        Assert.Contains("| first frame <= 30 ms |", markdown, StringComparison.Ordinal);
        foreach (var png in new[] { "latency.png", "timeline.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(report, png));
            Assert.True(bytes.Length > 10_000, png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    [Theory]
    [InlineData("--frames", "10")]
    [InlineData("--source", "camera:0")]
    [InlineData("--source", "x.mp4", "--frames", "0")]
    [InlineData("--source", "x.mp4", "--speed")]
    public void Profile_BadCommandLine_ExitsTwo(params string[] args)
    {
        Assert.Equal(2, Program.Main(["profile", .. args]));
    }

    [Fact]
    public void Profile_MissingSource_ExitsOne()
    {
        Assert.Equal(1, Program.Main(["profile", "--source", "/no/such/video.mp4", "--report", TestPaths.NewScratchFolder("profile-missing")]));
    }
}
