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
        Assert.All(matrix, r => Assert.Equal(9, r.Length)); // eight decided labels and no face
        Assert.Equal(24, matrix.Sum(r => r.Sum()));
        Assert.Equal(noFace, matrix.Sum(r => r[8]));
        Assert.Equal(24, matrix[4].Sum() + matrix[5].Sum()); // every image is in the happy or neutral row
        Assert.Equal(12, matrix[4].Sum());
        var correct = matrix[4][4] + matrix[5][5];
        Assert.Equal(correct / 24.0, (double)result["accuracy"]!, 6);
        Assert.InRange((double)result["expected_calibration_error"]!, 0.0, 1.0);
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

    [Fact]
    public void EvaluateAdapt_TwoHeldOutPeople_ScoresBothModelsOnTheSameImagesAndAdaptationHelps()
    {
        // Two held-out faces-in-the-wild people (never trained on): Avinash, mostly sad, whom the population reads as
        // neutral, and Lindsay_Davenport, mostly angry. Three images of each adapt a profile; the other 36 are scored.
        var wild = TestPaths.Data("faces-in-the-wild");
        var rows = File.ReadAllLines(Path.Combine(wild, "labels.csv")).Skip(1).Select(l => l.TrimEnd('\r').Split(','))
            .Where(r => r[2] is "Avinash" or "Lindsay_Davenport").ToArray();
        Assert.Equal(42, rows.Length);
        var dir = TestPaths.NewScratchFolder("evaluate-adapt");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), ["path,emotion,subject", .. rows.Select(r => $"{Path.Combine(wild, r[0])},{r[1]},{r[2]}")]);
        var json = Path.Combine(dir, "out.json");

        Assert.Equal(0, Program.Main(["evaluate", "--data", dir, "--adapt", "3", "--json", json]));

        var result = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(3, (int)result["k"]!);
        Assert.Equal(2, (int)result["people"]!);
        var population = result["population"]!;
        var adapted = result["adapted"]!;
        Assert.Equal(36, (int)population["images"]!);
        Assert.Equal(36, (int)adapted["images"]!);
        Assert.Equal((int)population["no_face"]!, (int)adapted["no_face"]!);
        Assert.Equal(population["emotions"]!.AsObject().Select(p => p.Key), adapted["emotions"]!.AsObject().Select(p => p.Key));
        Assert.All(population["emotions"]!.AsObject().Concat(adapted["emotions"]!.AsObject()), p => Assert.InRange((double)p.Value!["auc"]!, 0.0, 1.0));
        var before = (double)population["accuracy"]!;
        var after = (double)adapted["accuracy"]!;
        Assert.True(after >= before + (3.0 / 36), $"adaptation should win at least three images: accuracy {before:F3} -> {after:F3}");
    }

    [Theory]
    [InlineData("0", "must be a whole number from 1 to 100")]
    [InlineData("x", "must be a whole number from 1 to 100")]
    [InlineData("50", "no person has the 52 images --adapt 50 needs")]
    public void EvaluateAdapt_BadK_NamesTheProblem(string k, string message)
    {
        var wild = TestPaths.Data("faces-in-the-wild");
        var rows = File.ReadAllLines(Path.Combine(wild, "labels.csv")).Skip(1).Select(l => l.TrimEnd('\r').Split(',')).Where(r => r[2] == "Lindsay_Davenport").ToArray();
        var dir = TestPaths.NewScratchFolder("evaluate-adapt-bad");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), ["path,emotion,subject", .. rows.Select(r => $"{Path.Combine(wild, r[0])},{r[1]},{r[2]}")]);
        var e = Assert.Throws<FerEdge.Host.Cli.CommandLineException>(() => FerEdge.Host.Commands.EvaluateCommand.Run(["--data", dir, "--adapt", k]));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
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
        Assert.Equal(factor, FerEdge.Vision.Perception.StillImageFrontEnd.UpscaleFactor(width, height));
    }

    [Fact]
    public void Evaluate_Split_ScoresOnlyThatSplit_AndNamesTheSplitsWhenNoneMatches()
    {
        // Three FER+ valid and two FER+ train rows, with their split and vote columns, listed by absolute path.
        var fer = TestPaths.Data("ferplus");
        var lines = File.ReadAllLines(Path.Combine(fer, "labels.csv"));
        var header = lines[0];
        var valid = lines.Skip(1).Where(l => l.Split(',')[2] == "valid").Take(3);
        var train = lines.Skip(1).Where(l => l.Split(',')[2] == "train").Take(2);
        var dir = TestPaths.NewScratchFolder("evaluate-split");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), [header, .. valid.Concat(train).Select(l => Path.Combine(fer, l.Split(',')[0]) + l[l.IndexOf(',', StringComparison.Ordinal)..])]);
        var json = Path.Combine(dir, "out.json");

        Assert.Equal(0, Program.Main(["evaluate", "--data", dir, "--split", "valid", "--json", json]));
        Assert.Equal(3, (int)JsonNode.Parse(File.ReadAllText(json))!["images"]!);
        Assert.Equal(2, Program.Main(["evaluate", "--data", dir, "--split", "test"]));
    }

    [Fact]
    public void Evaluate_FerPlusValid_ReproducesTheFiguresTheTrainingRunRecorded()
    {
        // The whole FER+ valid split through the shipped front end and INT8 models: what fer-train measured on the
        // same files and wrote into the manifest (and REPORT.md).
        var manifest = JsonNode.Parse(File.ReadAllText(TestPaths.InRepo("models", "manifest.json")))!;
        var recorded = manifest["held_out"]!["ferplus_valid"]!;
        var dir = TestPaths.NewScratchFolder("evaluate-ferplus");
        var json = Path.Combine(dir, "out.json");

        Assert.Equal(0, Program.Main(["evaluate", "--data", TestPaths.Data("ferplus"), "--split", "valid", "--json", json]));

        var result = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal((int)recorded["images"]!, (int)result["images"]!);
        Assert.Equal((int)recorded["no_face"]!, (int)result["no_face"]!);
        Assert.Equal((double)recorded["accuracy"]!, (double)result["accuracy"]!, 4);
        Assert.Equal((double)recorded["expected_calibration_error"]!, (double)result["expected_calibration_error"]!, 4);
        Assert.True((double)result["accuracy"]! >= 0.72, $"FER+ valid accuracy {result["accuracy"]}");
    }

    [Fact]
    public void Evaluate_FacesInTheWildHeldOutPeople_ReproducesTheRecordedFigures_AndMeetTheTargets()
    {
        // faces-in-the-wild has no split column: --split heldout keeps the people fer-train never trained on.
        var manifest = JsonNode.Parse(File.ReadAllText(TestPaths.InRepo("models", "manifest.json")))!;
        var recorded = manifest["held_out"]!["faces_in_the_wild_heldout"]!;
        var dir = TestPaths.NewScratchFolder("evaluate-wild");
        var json = Path.Combine(dir, "out.json");

        Assert.Equal(0, Program.Main(["evaluate", "--data", TestPaths.Data("faces-in-the-wild"), "--split", "heldout", "--json", json]));

        var result = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal((int)recorded["images"]!, (int)result["images"]!);
        Assert.Equal((double)recorded["accuracy"]!, (double)result["accuracy"]!, 4);
        var emotions = result["emotions"]!;
        foreach (var (emotion, target) in new[] { ("anger", 0.85), ("sadness", 0.85), ("surprise", 0.85), ("happy", 0.95) })
        {
            var auc = (double)emotions[emotion]!["auc"]!;
            Assert.True(auc >= target - 0.01, $"{emotion} AUC {auc:F3} (target {target})");
        }
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
