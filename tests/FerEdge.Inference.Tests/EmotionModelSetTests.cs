using System.Text.Json.Nodes;
using FerEdge.Core.Emotions;
using FerEdge.Testing;

namespace FerEdge.Inference.Tests;

// Runs against the shipped models/ folder (written by fer-train train and committed).
public sealed class EmotionModelSetTests
{
    private static string Models => TestPaths.InRepo("models");

    [Fact]
    public void Load_ShippedModels_SevenClassifiersTrackingTheManifestUnion()
    {
        using var set = EmotionModelSet.Load(Models);
        Assert.Equal(7, set.Count);
        var union = JsonNode.Parse(File.ReadAllText(Path.Combine(Models, "manifest.json")))!["union_landmarks"]!.AsArray().Select(n => (int)n!).ToArray();
        Assert.Equal(union, set.TrackedLandmarks.ToArray());
        for (var k = 0; k < set.Count; k++)
        {
            Assert.InRange(set.Thresholds[k], 0.01f, 0.99f);
        }
    }

    [Fact]
    public void Score_RealFaceTurnedAndEnlargedInTheImage_NearlySameProbabilities()
    {
        // The same photo, its face turned by 8 degrees and enlarged 1.3 times: positions and appearance are both
        // taken on the similarity-aligned face, so the seven probabilities barely move.
        using var set = EmotionModelSet.Load(Models);
        var (image, shape) = RealFace.Load();
        var (turned, turnedShape) = RealFace.Transform(image, shape, 1.3f, 8 * MathF.PI / 180, 20, -10);
        var a = ScoreFace(set, image, shape);
        var b = ScoreFace(set, turned, turnedShape);
        for (var k = 0; k < 7; k++)
        {
            Assert.InRange(a[k], 0f, 1f);
            Assert.True(Math.Abs(a[k] - b[k]) < 0.08f, $"{EmotionLabels.Classified[k].ToLabel()}: {a[k]:F3} vs {b[k]:F3}");
        }

        Assert.Equal(set.Decide(a), set.Decide(b));
    }

    [Fact]
    public void Explain_RealFace_AttributionsSumToScoreChangeFromTheNeutralBaseline()
    {
        using var set = EmotionModelSet.Load(Models, useInt8: false);
        var (image, shape) = RealFace.Load();
        var appearance = new float[set.AppearanceLength];
        Assert.True(set.Describe(image, shape, appearance));
        var scores = new float[7];
        Assert.True(set.Score(shape, appearance, scores));
        var happy = EmotionLabels.Classified.IndexOf(Emotion.Happy);
        var spec = set.Manifest.Classifiers[happy];
        using var fp32 = new EmotionClassifier(spec.Fp32Path);
        var atBaseline = fp32.Score(spec.Baseline.ToArray());
        var attribution = new float[68];
        var delta = set.Explain(shape, appearance, Emotion.Happy, attribution);
        Assert.Equal(scores[happy] - atBaseline, delta, 1e-3f);
        Assert.Equal(delta, attribution.Sum(), Math.Max(2e-3f, 0.03f * Math.Abs(delta)));
        for (var i = 0; i < 68; i++)
        {
            if (!spec.Landmarks.Contains(i))
            {
                Assert.Equal(0f, attribution[i]);
            }
        }
    }

    [Fact]
    public void Describe_ShippedAppearance_OneDescriptorPerClassifiedLandmark()
    {
        using var set = EmotionModelSet.Load(Models);
        var appearance = set.Manifest.Appearance;
        Assert.NotNull(appearance);
        var classified = set.Manifest.Classifiers.SelectMany(c => c.Landmarks).Distinct().Count();
        Assert.Equal(classified * appearance!.DescriptorLength, set.AppearanceLength);
        Assert.True(set.Manifest.Calibrated);
        Assert.Throws<ArgumentException>(() => set.Score(new float[136], new float[set.AppearanceLength - 1], new float[7]));
    }

    [Fact]
    public void Load_AlteredModelFile_ThrowsNamingFileAndSha256()
    {
        var copy = CopyModels("altered");
        var file = Path.Combine(copy, "happy.int8.onnx");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<InvalidDataException>(() => EmotionModelSet.Load(copy));
        Assert.Contains("happy.int8.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithoutThreshold_ThrowsNamingTheKey()
    {
        var copy = CopyModels("no-threshold");
        var path = Path.Combine(copy, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["classifiers"]![2]!.AsObject().Remove("threshold");
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => EmotionModelSet.Load(copy));
        Assert.Contains("classifiers[2].threshold", e.Message, StringComparison.Ordinal);
        Assert.Contains("manifest.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithoutAlignmentLandmarks_EachClassifierAlignsOnItsOwnSubset()
    {
        var copy = CopyModels("no-alignment");
        var path = Path.Combine(copy, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var c in json["classifiers"]!.AsArray())
        {
            c!.AsObject().Remove("alignment_landmarks");
        }

        File.WriteAllText(path, json.ToJsonString());
        using var set = EmotionModelSet.Load(copy);
        foreach (var c in set.Manifest.Classifiers)
        {
            Assert.Equal(c.Landmarks, c.AlignmentLandmarks);
        }
    }

    [Fact]
    public void Load_AlignmentLandmarkOutOfRange_ThrowsNamingTheKey()
    {
        var copy = CopyModels("bad-alignment");
        var path = Path.Combine(copy, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["classifiers"]![1]!["alignment_landmarks"]![0] = 70;
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => EmotionModelSet.Load(copy));
        Assert.Contains("classifiers[1].alignment_landmarks[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsFileNotFoundNamingManifest()
    {
        var e = Assert.Throws<FileNotFoundException>(() => EmotionModelSet.Load(Path.Combine(TestPaths.NewScratchFolder("empty-models"), "none")));
        Assert.Contains("manifest.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WrongShapeLength_Throws()
    {
        using var set = EmotionModelSet.Load(Models);
        Assert.Throws<ArgumentException>(() => set.Score(new float[134], new float[7]));
        Assert.Throws<ArgumentException>(() => set.Score(new float[136], new float[6]));
    }

    [Fact]
    public void Manifest_ShippedMetrics_MeetExportContracts()
    {
        // Recorded by the training run from ONNX Runtime on FER+ valid: the FP32 file equals the trainer's network
        // within 1e-5, INT8 loses at most a point of balanced accuracy, and every INT8 file stays small.
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Models, "manifest.json")))!;
        foreach (var c in json["classifiers"]!.AsArray())
        {
            var m = c!["metrics"]!;
            Assert.True((double)m["onnx_fp32_max_score_difference"]! <= 1e-5, c["emotion"]!.ToString());
            Assert.True((double)m["onnx_int8_balanced_accuracy"]! >= (double)m["onnx_fp32_balanced_accuracy"]! - 0.01, c["emotion"]!.ToString());
            Assert.True(new FileInfo(Path.Combine(Models, (string)c["files"]!["int8"]!["path"]!)).Length < 2_000_000);
        }
    }

    private static float[] ScoreFace(EmotionModelSet set, FerEdge.Core.Imaging.GrayImage image, float[] shape)
    {
        var appearance = new float[set.AppearanceLength];
        Assert.True(set.Describe(image, shape, appearance));
        var scores = new float[7];
        Assert.True(set.Score(shape, appearance, scores));
        return scores;
    }

    /// <summary>The reference face with the mouth corners pulled out and up: a crude smile.</summary>
    private static float[] Smile(float[] reference)
    {
        var face = (float[])reference.Clone();
        face[2 * 48] -= 0.08f;
        face[(2 * 48) + 1] -= 0.08f;
        face[2 * 54] += 0.08f;
        face[(2 * 54) + 1] -= 0.08f;
        return face;
    }

    private static string CopyModels(string purpose)
    {
        var dir = TestPaths.NewScratchFolder(purpose);
        foreach (var f in Directory.GetFiles(Models))
        {
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }

        return dir;
    }
}
