using System.Text.Json.Nodes;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void Evaluate_HappyAndNeutralPhotos_WritesMetricsAndAConsistentConfusionMatrix()
    {
        // 12 happy and 12 neutral faces-in-the-wild photos, listed by absolute path (the images stay in ../shared).
        var wild = TestPaths.Data("faces-in-the-wild");
        var rows = File.ReadAllLines(Path.Combine(wild, "labels.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var picked = rows.Where(r => r[1] == "happy").Take(12).Concat(rows.Where(r => r[1] == "neutral").Take(12)).ToArray();
        var dir = TestPaths.NewScratchFolder("evaluate");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), ["path,emotion,subject", .. picked.Select(r => $"{Path.Combine(wild, r[0])},{r[1]},{r[2]}")]);
        var json = Path.Combine(dir, "out.json");

        Assert.Equal(0, Program.Main(["evaluate", "--data", dir, "--json", json]));

        var result = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(24, (int)result["images"]!);
        var noFace = (int)result["no_face"]!;
        Assert.InRange(noFace, 0, 3);
        var emotions = result["emotions"]!.AsObject();
        Assert.Equal(["happy"], emotions.Select(p => p.Key).ToArray()); // only emotions present in the data
        foreach (var key in new[] { "auc", "balanced_accuracy", "f1" })
        {
            Assert.InRange((double)emotions["happy"]![key]!, 0.0, 1.0);
        }

        Assert.True((double)emotions["happy"]!["auc"]! > 0.6, "happy vs neutral should be separable above chance");
        var labels = result["confusion"]!["labels"]!.AsArray().Select(n => (string)n!).ToArray();
        Assert.Equal(["anger", "contempt", "disgust", "fear", "happy", "neutral", "sadness", "surprise"], labels);
        var matrix = result["confusion"]!["matrix"]!.AsArray().Select(r => r!.AsArray().Select(v => (long)v!).ToArray()).ToArray();
        Assert.Equal(24 - noFace, matrix.Sum(r => r.Sum()));
        Assert.Equal(24 - noFace, matrix[4].Sum() + matrix[5].Sum()); // every scored face is in the happy or neutral row
        Assert.InRange(matrix[4].Sum(), 12 - noFace, 12);
    }

    [Fact]
    public void Evaluate_SmallDatasetCrops_EnlargesThemAndFindsEveryFace()
    {
        // 48x48 CK+48 crops: too small for the detector as they are; evaluate enlarges them (x4) as training does.
        var ck = TestPaths.Data("ckplus48");
        var rows = File.ReadAllLines(Path.Combine(ck, "labels.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var picked = rows.Where(r => r[1] == "happy").Take(10).Concat(rows.Where(r => r[1] == "surprise").Take(10)).ToArray();
        var dir = TestPaths.NewScratchFolder("evaluate-ck");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), ["path,emotion,subject", .. picked.Select(r => $"{Path.Combine(ck, r[0])},{r[1]},{r[2]}")]);
        var json = Path.Combine(dir, "out.json");

        Assert.Equal(0, Program.Main(["evaluate", "--data", dir, "--json", json]));

        var result = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(20, (int)result["images"]!);
        Assert.Equal(20, (int)result["upscaled"]!);
        Assert.Equal(0, (int)result["no_face"]!);
        var emotions = result["emotions"]!.AsObject();
        Assert.Equal(["happy", "surprise"], emotions.Select(p => p.Key).Order().ToArray());
        Assert.True((double)emotions["happy"]!["auc"]! > 0.9, $"happy AUC {emotions["happy"]!["auc"]}");
        Assert.True((double)emotions["surprise"]!["auc"]! > 0.9, $"surprise AUC {emotions["surprise"]!["auc"]}");
    }

    [Theory]
    [InlineData(48, 48, 4)]
    [InlineData(100, 60, 4)]
    [InlineData(127, 300, 2)]
    [InlineData(128, 128, 1)]
    [InlineData(640, 360, 1)]
    [InlineData(8, 8, 16)]
    public void UpscaleFactor_ImageSize_EnlargesOnlySmallImages(int width, int height, int factor)
    {
        Assert.Equal(factor, Commands.EvaluateCommand.UpscaleFactor(width, height));
    }

    [Fact]
    public void Evaluate_BadConfigValue_ExitsTwo()
    {
        var dir = TestPaths.NewScratchFolder("evaluate-config");
        var config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, """{ "Detection": { "ScoreThreshold": 7 } }""");
        Assert.Equal(2, Program.Main(["evaluate", "--data", dir, "--config", config]));
    }

    [Fact]
    public void Evaluate_MissingDataOption_ExitsTwo()
    {
        Assert.Equal(2, Program.Main(["evaluate"]));
    }

    [Fact]
    public void Evaluate_FolderWithoutLabels_ExitsOne()
    {
        Assert.Equal(1, Program.Main(["evaluate", "--data", TestPaths.NewScratchFolder("evaluate-empty")]));
    }
}
