using System.Globalization;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

public sealed class LandmarksCommandTests
{
    [Fact]
    public void Landmarks_SingleFaceVideo_OneRowPerFrameWithPointsInTheBox()
    {
        var csv = Path.Combine(TestPaths.NewScratchFolder("landmarks"), "out.csv");
        Assert.Equal(0, Program.Main(["landmarks", "--source", TestPaths.Data("videos", "single_face.mp4"), "--csv", csv]));
        var rows = ReadRows(csv, out var header);
        Assert.Equal(6 + 136, header.Length);
        Assert.Equal(["frame", "face", "left", "top", "right", "bottom", "x0", "y0"], header[..8]);
        Assert.Equal("y67", header[^1]);
        Assert.Equal(72, rows.Count);
        Assert.Equal(Enumerable.Range(0, 72).Select(i => (double)i), rows.Select(r => r[0]));
        foreach (var r in rows)
        {
            Assert.Equal(0, r[1]);
            double left = r[2], top = r[3], right = r[4], bottom = r[5];
            var margin = 0.25 * (right - left);
            for (var i = 6; i < r.Length; i += 2)
            {
                Assert.InRange(r[i], left - margin, right + margin);
                Assert.InRange(r[i + 1], top - margin, bottom + margin);
            }
        }
    }

    [Fact]
    public void Landmarks_WithBoxesFromADetectionRun_ReproducesItsLandmarks()
    {
        var dir = TestPaths.NewScratchFolder("landmarks-boxes");
        var detected = Path.Combine(dir, "detected.csv");
        var video = TestPaths.Data("videos", "single_face.mp4");
        Assert.Equal(0, Program.Main(["landmarks", "--source", video, "--csv", detected]));
        var rows = ReadRows(detected, out _);
        var boxes = Path.Combine(dir, "boxes.csv");
        File.WriteAllLines(boxes, ["frame,left,top,right,bottom", .. rows.Select(r => string.Join(',', r[0], r[2], r[3], r[4], r[5]))]);
        var refit = Path.Combine(dir, "refit.csv");
        Assert.Equal(0, Program.Main(["landmarks", "--source", video, "--csv", refit, "--boxes", boxes]));
        Assert.Equal(File.ReadAllLines(detected), File.ReadAllLines(refit));
    }

    [Theory]
    [InlineData("--csv", "out.csv")]
    [InlineData("--source", "x.mp4", "--csv", "o.csv", "--detector", "side")]
    [InlineData("--source", "x.mp4", "--csv", "o.csv", "--nope")]
    public void Landmarks_BadCommandLine_ExitsTwo(params string[] args)
    {
        Assert.Equal(2, Program.Main(["landmarks", .. args]));
    }

    [Fact]
    public void Landmarks_MissingSource_ExitsOneAndLeavesNoCsv()
    {
        var csv = Path.Combine(TestPaths.NewScratchFolder("landmarks-missing"), "out.csv");
        Assert.Equal(1, Program.Main(["landmarks", "--source", "/no/such/video.mp4", "--csv", csv]));
        Assert.False(File.Exists(csv));
        Assert.False(File.Exists(csv + ".partial"));
    }

    private static List<double[]> ReadRows(string path, out string[] header)
    {
        var lines = File.ReadAllLines(path);
        header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
    }
}
