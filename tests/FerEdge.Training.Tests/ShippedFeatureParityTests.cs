using FerEdge.Capture;
using FerEdge.Core.Landmarks;
using FerEdge.Inference;
using FerEdge.Testing;
using FerEdge.Training.Commands;
using FerEdge.Training.Wild;
using FerEdge.Vision.Landmarks;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Tests;

// The runtime (EmotionModelSet, reading manifest.json) must build exactly the features the training tool trained on:
// FER+ valid crops and faces-in-the-wild photos go through the training tool's face table (front end, aligned
// positions, HOG at every landmark) and through the runtime's front end, Describe and Score; the shipped INT8 models
// must give the same probabilities from both.
public sealed class ShippedFeatureParityTests
{
    private static string Models => TestPaths.InRepo("models");

    [Fact]
    public void Score_RealImages_RuntimeEqualsTheTrainingToolsFeaturesThroughTheShippedModels()
    {
        using var set = EmotionModelSet.Load(Models);
        Assert.NotNull(set.Manifest.Appearance);
        var dir = TestPaths.NewScratchFolder("parity");
        var fer = TestPaths.Data("ferplus");
        var wild = TestPaths.Data("faces-in-the-wild");
        var ferRows = File.ReadAllLines(Path.Combine(fer, "labels.csv")).Skip(1).Where(l => l.Split(',')[2] == "valid").Take(4)
            .Select(l => l.Split(',')).Select(c => $"{Path.Combine(fer, c[0])},{c[1]},{c[0]}");
        var wildRows = File.ReadAllLines(Path.Combine(wild, "labels.csv")).Skip(1).Take(3)
            .Select(l => l.Split(',')).Select(c => $"{Path.Combine(wild, c[0])},{c[1]},{c[2]}");
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), ["path,emotion,subject", .. ferRows, .. wildRows]);

        var reference = ShapePredictorFile.Load().MeanShape.ToArray();
        Assert.Equal(reference, set.Manifest.Reference.ToArray());
        var frontEnd = new FaceLandmarkerOptions { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface") };
        var table = FaceTable.Load(dir, frontEnd, reference, [.. set.Manifest.AppearanceAlignment], set.Manifest.Appearance!, Path.Combine(dir, "cache"), null);

        using var landmarker = new FaceLandmarker(frontEnd);
        var still = new StillImageFrontEnd(landmarker);
        var shape = new float[Face68.ShapeLength];
        var appearance = new float[set.AppearanceLength];
        var runtime = new float[set.Count];
        var d = set.Manifest.Appearance!.DescriptorLength;
        var checkedRows = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var found = still.Fit(StillImages.Load(table.Images[i].Path), shape, out var used);
            Assert.Equal(table.Faces[i], found);
            if (found == StillImageFace.None)
            {
                continue;
            }

            Assert.True(set.Describe(used, shape, appearance));
            Assert.True(set.Score(shape, appearance, runtime));
            for (var k = 0; k < set.Count; k++)
            {
                var spec = set.Manifest.Classifiers[k];
                using var model = new EmotionClassifier(spec.Int8Path);
                var x = new float[model.InputLength];
                var landmarks = spec.Landmarks;
                for (var j = 0; j < landmarks.Count; j++)
                {
                    x[2 * j] = table.Row(i)[2 * landmarks[j]];
                    x[(2 * j) + 1] = table.Row(i)[(2 * landmarks[j]) + 1];
                    table.Row(i).Slice(Face68.ShapeLength + (d * landmarks[j]), d).CopyTo(x.AsSpan((2 * landmarks.Count) + (d * j), d));
                }

                Assert.Equal(model.Score(x), runtime[k], 1e-5f);
            }

            checkedRows++;
        }

        Assert.True(checkedRows >= 6, $"only {checkedRows} images had a face");
    }

    [Fact]
    public void Manifest_Shipped_ClassifiersShareTheAlignmentOfTheTrainingTool()
    {
        var manifest = ModelManifest.Load(Models);
        Assert.Equal(TrainCommand.AlignmentLandmarks, manifest.AppearanceAlignment.ToArray());
        Assert.All(manifest.Classifiers, c => Assert.Equal(TrainCommand.AlignmentLandmarks, c.AlignmentLandmarks.ToArray()));
    }
}
