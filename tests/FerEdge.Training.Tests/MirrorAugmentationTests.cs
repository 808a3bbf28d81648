using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Tests;

public sealed class MirrorAugmentationTests
{
    [Fact]
    public void WithMirrors_AppendsTrainingOnlyMirrorImagesWithSameLabelAndSubject()
    {
        var data = LandmarkDataset.Synthetic(subjects: 6, samplesPerEmotion: 1, seed: 3);

        var mirrored = data.WithMirrors();

        Assert.Equal(2 * data.Count, mirrored.Count);
        Assert.Equal(data.Count, mirrored.AugmentedRows);
        Assert.Equal(data.Labels.ToArray(), mirrored.Labels[data.Count..].ToArray());
        Assert.Equal(data.Subjects.ToArray(), mirrored.Subjects[data.Count..].ToArray());

        var layout = FeatureLayout.Full();
        var original = data.Features(layout);
        var images = mirrored.Features(layout);
        Assert.Equal(data.Count, images.AugmentedRows);
        for (var r = 0; r < data.Count; r++)
        {
            // Alignment is a similarity fit, so ratios of distances survive it: in the mirror the subject-right mouth
            // corner (48) and brow end (17) take the places of the subject-left ones (54, 26), the midline stays.
            var a = original.Row(r);
            var b = images.Row(data.Count + r);
            var eyes = Distance(a, 36, 45);
            var mirrorEyes = Distance(b, 36, 45);
            Assert.Equal(Distance(a, 48, 8) / eyes, Distance(b, 54, 8) / mirrorEyes, 4);
            Assert.Equal(Distance(a, 17, 30) / eyes, Distance(b, 26, 30) / mirrorEyes, 4);
            Assert.Equal(Distance(a, 27, 57) / eyes, Distance(b, 27, 57) / mirrorEyes, 4);
        }
    }

    [Fact]
    public void WithMirrors_Twice_MirrorsOnlyTheRealFaces()
    {
        var data = LandmarkDataset.Synthetic(subjects: 5, samplesPerEmotion: 1, seed: 3);

        var twice = data.WithMirrors().WithMirrors();

        Assert.Equal(3 * data.Count, twice.Count);
        Assert.Equal(2 * data.Count, twice.AugmentedRows);
    }

    [Fact]
    public void CrossValidation_AugmentedRows_TrainOtherFoldsAndAreNeverScored()
    {
        var data = LandmarkDataset.Synthetic(subjects: 12, samplesPerEmotion: 2, seed: 5).WithMirrors();
        var features = data.Features(FeatureLayout.Full());
        var folds = SubjectKFold.Assign(features.Subjects, 4, 1);
        var seen = new List<(int Rows, int Augmented, string[] Subjects)>();

        var result = CrossValidation.Run(features, Emotion.Happy, folds, (set, t) =>
        {
            lock (seen)
            {
                seen.Add((set.Count, set.AugmentedRows, set.Subjects.ToArray()));
            }

            return RandomizedNetwork.Train(set, t, new RandomizedNetworkOptions(Units: 32));
        });

        Assert.Equal(features.EvaluatedCount, result.Scores.Length);
        Assert.Equal(4, seen.Count);
        for (var fold = 0; fold < 4; fold++)
        {
            var testSubjects = new HashSet<string>();
            foreach (var row in SubjectKFold.Rows(folds, fold, inFold: true))
            {
                testSubjects.Add(features.Subjects[row]);
            }

            // Exactly one training set holds none of this fold's subjects, mirrored or not, and half of it is mirrors.
            var training = Assert.Single(seen, s => !s.Subjects.Any(testSubjects.Contains));
            Assert.Equal(training.Rows / 2, training.Augmented);
        }

        Assert.InRange(result.Evaluate().BalancedAccuracy, 0.8, 1.0);
    }

    [Fact]
    public void Subset_RealRowAfterAugmentedRow_ThrowsNamingTheRow()
    {
        var features = LandmarkDataset.Synthetic(subjects: 4, samplesPerEmotion: 1, seed: 3).WithMirrors().Features(FeatureLayout.Full());

        var e = Assert.Throws<ArgumentException>(() => features.Subset([features.Count - 1, 0]));

        Assert.Contains("real row 0", e.Message, StringComparison.Ordinal);
    }

    private static double Distance(ReadOnlySpan<double> row, int a, int b)
    {
        double dx = row[2 * a] - row[2 * b], dy = row[(2 * a) + 1] - row[(2 * b) + 1];
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
