using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Models;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Data;

/// <summary>
/// Assembles the training set from fitted shapes: every CK+48 image with a face, plus the neutral faces of the
/// faces-in-the-wild people in the training half (CK+ has no neutral class). The other half of faces-in-the-wild's
/// people is never trained on and serves the cross-dataset evaluation. The canonical reference face is the
/// Procrustes mean of the training neutrals, so aligning it onto itself gives the neutral Integrated-Gradients
/// baseline. Deterministic; immutable.
/// </summary>
public sealed class TrainingData
{
    private TrainingData(LandmarkDataset dataset, int[] sequenceIndex, int[] windowPrevious, int[] evaluationRows, int ckRows)
    {
        Dataset = dataset;
        SequencePosition = sequenceIndex;
        WindowPrevious = windowPrevious;
        EvaluationRows = evaluationRows;
        CkRows = ckRows;
    }

    /// <summary>CK+ rows then training neutrals, with the reference face.</summary>
    public LandmarkDataset Dataset { get; }

    /// <summary>Number of CK+ rows at the start of <see cref="Dataset"/>.</summary>
    public int CkRows { get; }

    /// <summary>Per training row: its 0-based frame position within its sequence (0 for stills).</summary>
    public int[] SequencePosition { get; }

    /// <summary>Per training row: the row of the previous frame of its sequence, or the row itself for a first frame or a still.</summary>
    public int[] WindowPrevious { get; }

    /// <summary>Rows of the faces-in-the-wild shapes held out for cross-dataset evaluation (people never trained on).</summary>
    public int[] EvaluationRows { get; }

    /// <summary>True when a faces-in-the-wild person belongs to the evaluation half (stable hash of the name).</summary>
    public static bool IsEvaluationPerson(string person) => FerEdge.Capture.PersonSplit.IsHeldOut(person);

    public static TrainingData Build(FaceShapes ckplus, FaceShapes wild)
    {
        ArgumentNullException.ThrowIfNull(ckplus);
        ArgumentNullException.ThrowIfNull(wild);
        var shapes = new List<float>();
        var labels = new List<Emotion>();
        var subjects = new List<string>();
        var position = new List<int>();
        var previous = new List<int>();
        var rowOfFrame = new Dictionary<(string, int), int>();
        for (var i = 0; i < ckplus.Count; i++)
        {
            if (!ckplus.Found[i])
            {
                continue;
            }

            var image = ckplus.Images[i];
            rowOfFrame[(image.Sequence ?? image.Path, image.Frame)] = labels.Count;
            shapes.AddRange(ckplus.Shape(i));
            labels.Add(image.Emotion);
            subjects.Add(image.Subject);
        }

        for (var r = 0; r < labels.Count; r++)
        {
            previous.Add(r);
            position.Add(0);
        }

        foreach (var ((sequence, frame), row) in rowOfFrame)
        {
            var p = 0;
            while (rowOfFrame.ContainsKey((sequence, frame - p - 1)))
            {
                p++;
            }

            position[row] = p;
            previous[row] = rowOfFrame.TryGetValue((sequence, frame - 1), out var prev) ? prev : row;
        }

        var ckRows = labels.Count;
        var evaluation = new List<int>();
        for (var i = 0; i < wild.Count; i++)
        {
            var image = wild.Images[i];
            if (IsEvaluationPerson(image.Subject))
            {
                evaluation.Add(i);
                continue;
            }

            if (image.Emotion != Emotion.Neutral || !wild.Found[i])
            {
                continue;
            }

            previous.Add(labels.Count);
            position.Add(0);
            shapes.AddRange(wild.Shape(i));
            labels.Add(Emotion.Neutral);
            subjects.Add("wild:" + image.Subject);
        }

        var all = shapes.ToArray();
        var reference = ProcrustesMean(all, labels, Emotion.Neutral);
        var dataset = new LandmarkDataset(all, [.. labels], [.. subjects], reference);
        return new TrainingData(dataset, [.. position], [.. previous], [.. evaluation], ckRows);
    }

    /// <summary>
    /// Window features: each row's frame preceded by earlier frames of its sequence (the earliest repeated where the
    /// sequence has fewer; stills repeat themselves), oldest first, as <see cref="FeatureLayout"/> lays them out.
    /// </summary>
    public FeatureSet WindowFeatures(FeatureLayout oneFrame, int frames)
    {
        ArgumentNullException.ThrowIfNull(oneFrame);
        var one = Dataset.Features(oneFrame);
        var d = one.Dimension;
        var values = new double[one.Count * d * frames];
        for (var i = 0; i < one.Count; i++)
        {
            var row = i;
            for (var f = frames - 1; f >= 0; f--)
            {
                one.Row(row).CopyTo(values.AsSpan(((i * frames) + f) * d, d));
                row = WindowPrevious[row];
            }
        }

        return new FeatureSet(values, d * frames, one.Labels.ToArray(), one.Subjects.ToArray());
    }

    /// <summary>Generalised Procrustes mean (similarity alignment, 5 rounds) of the shapes labelled <paramref name="emotion"/>.</summary>
    private static float[] ProcrustesMean(float[] shapes, List<Emotion> labels, Emotion emotion)
    {
        var full = FeatureLayout.Full();
        var rows = new List<int>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == emotion)
            {
                rows.Add(i);
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"no {emotion.ToLabel()} faces to build the reference face from");
        }

        // Start from the first shape scaled to unit size, then align all to the current mean and average.
        var mean = Normalise(shapes.AsSpan(rows[0] * 136, 136).ToArray());
        var aligned = new float[136];
        for (var round = 0; round < 5; round++)
        {
            var sum = new double[136];
            var aligner = new FaceAligner(mean, full);
            foreach (var r in rows)
            {
                aligner.Align(shapes.AsSpan(r * 136, 136), aligned);
                for (var k = 0; k < 136; k++)
                {
                    sum[k] += aligned[k];
                }
            }

            var next = new float[136];
            for (var k = 0; k < 136; k++)
            {
                next[k] = (float)(sum[k] / rows.Count);
            }

            mean = Normalise(next);
        }

        return mean;
    }

    /// <summary>Centres a shape on its centroid and scales it to an inter-ocular distance of 1 (reference units).</summary>
    private static float[] Normalise(float[] shape)
    {
        double cx = 0, cy = 0;
        for (var k = 0; k < 68; k++)
        {
            cx += shape[2 * k];
            cy += shape[(2 * k) + 1];
        }

        cx /= 68;
        cy /= 68;
        double rx = 0, ry = 0, lx = 0, ly = 0;
        for (var k = 36; k < 42; k++)
        {
            rx += shape[2 * k] / 6.0;
            ry += shape[(2 * k) + 1] / 6.0;
            lx += shape[2 * (k + 6)] / 6.0;
            ly += shape[(2 * (k + 6)) + 1] / 6.0;
        }

        var scale = 1 / Math.Sqrt(((lx - rx) * (lx - rx)) + ((ly - ry) * (ly - ry)));
        var result = new float[136];
        for (var k = 0; k < 68; k++)
        {
            result[2 * k] = (float)((shape[2 * k] - cx) * scale);
            result[(2 * k) + 1] = (float)((shape[(2 * k) + 1] - cy) * scale);
        }

        return result;
    }
}
