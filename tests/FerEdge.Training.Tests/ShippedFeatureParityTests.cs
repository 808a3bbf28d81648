using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Inference;
using FerEdge.Testing;
using FerEdge.Training.Data;
using FerEdge.Training.Pipeline;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Tests;

// The runtime (EmotionModelSet, reading manifest.json) must build exactly the features the training tool trained on.
// Real photos go through the same front end as training; the shipped FP32 models score the training tool's feature
// rows, and the runtime must give the same scores from the raw shapes.
public sealed class ShippedFeatureParityTests
{
    private static string Models => TestPaths.InRepo("models");

    [Fact]
    public void Score_RealPhotos_RuntimeEqualsTrainingFeaturesThroughTheSameModel()
    {
        using var set = EmotionModelSet.Load(Models, useInt8: false);
        var (shapes, count) = RealShapes(6);
        var data = Dataset(set, shapes, count);
        var runtime = new float[set.Count];
        for (var k = 0; k < set.Count; k++)
        {
            var spec = set.Manifest.Classifiers[k];
            var layout = new FeatureLayout([.. spec.Landmarks]);
            var training = data.Features(layout, [.. spec.AlignmentLandmarks]);
            using var model = new EmotionClassifier(spec.Fp32Path);
            var row = new float[training.Dimension];
            for (var i = 0; i < count; i++)
            {
                Assert.True(set.Score(shapes.AsSpan(i * 136, 136), runtime));
                var values = training.Row(i);
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = (float)values[c];
                }

                Assert.Equal(model.Score(row), runtime[k], 1e-6f);
            }
        }
    }

    [Fact]
    public void Manifest_Shipped_EveryClassifierAlignsOnItsOwnSubset()
    {
        // `fer-train train` ships subset alignment (`--align subset`, the default); REPORT.md measures the union variant.
        using var set = EmotionModelSet.Load(Models);
        foreach (var spec in set.Manifest.Classifiers)
        {
            Assert.Equal(spec.Landmarks.Order().ToArray(), spec.AlignmentLandmarks.Order().ToArray());
        }
    }

    [Fact]
    public void Features_SubsetAlignedOnItselfVersusOnUnion_DifferOnRealPhotos()
    {
        // Guards the parity test above: the alignment set changes the features, so a runtime that fitted each
        // classifier on another set than the manifest's would not reproduce the training features.
        using var set = EmotionModelSet.Load(Models, useInt8: false);
        var (shapes, count) = RealShapes(2);
        var data = Dataset(set, shapes, count);
        var happy = set.Manifest.Classifiers[EmotionLabels.Classified.IndexOf(Emotion.Happy)];
        var layout = new FeatureLayout([.. happy.Landmarks]);
        var onItself = data.Features(layout, [.. happy.AlignmentLandmarks]);
        var onUnion = data.Features(layout, [.. set.TrackedLandmarks]);
        double largest = 0;
        for (var c = 0; c < onUnion.Dimension; c++)
        {
            largest = Math.Max(largest, Math.Abs(onUnion.Row(0)[c] - onItself.Row(0)[c]));
        }

        Assert.True(largest > 1e-3, $"largest difference {largest}");
    }

    private static LandmarkDataset Dataset(EmotionModelSet set, float[] shapes, int count)
    {
        var labels = new Emotion[count];
        var subjects = new string[count];
        Array.Fill(subjects, "photo");
        return new LandmarkDataset(shapes[..(count * 136)], labels, subjects, [.. set.Manifest.Reference]);
    }

    /// <summary>Shapes of the first <paramref name="wanted"/> faces-in-the-wild photos with a detected face.</summary>
    private static (float[] Shapes, int Count) RealShapes(int wanted)
    {
        var images = LabelsFile.Read(TestPaths.Data("faces-in-the-wild"));
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface") });
        var shapes = new float[wanted * 136];
        var n = 0;
        for (var i = 0; i < images.Count && n < wanted; i++)
        {
            var gray = LandmarkExtractor.Load(images[i].Path, 1);
            if (landmarker.Detect(gray) > 0)
            {
                landmarker.Fit(gray, FaceLandmarker.ModelBox(landmarker.Faces[0]), shapes.AsSpan(n * 136, 136));
                n++;
            }
        }

        Assert.Equal(wanted, n);
        return (shapes, n);
    }
}
