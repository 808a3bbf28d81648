using FerEdge.Core.Emotions;
using FerEdge.Capture;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Wild;

/// <summary>
/// Every labelled image, each with its role, fold group, soft targets and weight: CK+48 (all, subject-grouped, weight
/// <c>ckWeight</c>: it is the only posed, fully labelled set and is small), faces-in-the-wild (the training half of
/// people with all their labels; the other half held out by a stable hash of the name,
/// <see cref="PersonSplit"/>) and FER+ (train with its crowd votes as soft targets, each image
/// its own group; valid held out); with mirroring, every training image once more as its mirror image. Targets are per classified emotion in <see cref="EmotionLabels.Classified"/> order:
/// 1/0 for a single label, the share of the votes for a voted image (votes for no emotion left out).
/// </summary>
public sealed class TrainingPool
{
    private TrainingPool(FaceTable[] tables, int[] table, int[] index, PoolRole[] roles, string[] groups, double[] targets, double[] weights, Emotion[] labels,
        bool[] mirrored)
    {
        Mirrored = mirrored;
        Tables = tables;
        TableOf = table;
        IndexOf = index;
        Roles = roles;
        Groups = groups;
        Targets = targets;
        Weights = weights;
        Labels = labels;
    }

    /// <summary>The data sets, CK+48, faces-in-the-wild, FER+.</summary>
    public IReadOnlyList<FaceTable> Tables { get; }

    /// <summary>Per row: which table.</summary>
    public int[] TableOf { get; }

    /// <summary>Per row: image index within its table.</summary>
    public int[] IndexOf { get; }

    /// <summary>Per row: its role.</summary>
    public PoolRole[] Roles { get; }

    /// <summary>Per row: the fold group (subject, person or image), prefixed by the data set.</summary>
    public string[] Groups { get; }

    /// <summary>Per row: 7 targets in [0, 1], row-major.</summary>
    public double[] Targets { get; }

    /// <summary>Per row: its training weight.</summary>
    public double[] Weights { get; }

    /// <summary>Per row: the labelled emotion (the majority label for voted images).</summary>
    public Emotion[] Labels { get; }

    /// <summary>Per row: true for the mirror image of a training image (same group, so never split from it).</summary>
    public bool[] Mirrored { get; }

    /// <summary>Rows.</summary>
    public int Count => Roles.Length;

    /// <summary>The features of row <paramref name="row"/> (68 aligned positions, then 68 descriptors).</summary>
    public ReadOnlySpan<float> Features(int row) => Mirrored[row] ? Tables[TableOf[row]].MirroredRow(IndexOf[row]) : Tables[TableOf[row]].Row(IndexOf[row]);

    /// <summary>True when row <paramref name="row"/> has a usable face.</summary>
    public bool HasFace(int row) => Tables[TableOf[row]].Faces[IndexOf[row]] != StillImageFace.None;

    /// <summary>Rows with the given role (training rows: only those with a face).</summary>
    public int[] RowsOf(PoolRole role)
    {
        var rows = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            if (Roles[i] == role)
            {
                rows.Add(i);
            }
        }

        return [.. rows];
    }

    /// <summary>Builds the pool.</summary>
    public static TrainingPool Build(FaceTable ckplus, FaceTable wild, FaceTable ferplus, double ckWeight, bool mirror)
    {
        ArgumentNullException.ThrowIfNull(ckplus);
        ArgumentNullException.ThrowIfNull(wild);
        ArgumentNullException.ThrowIfNull(ferplus);
        FaceTable[] tables = [ckplus, wild, ferplus];
        var classified = EmotionLabels.Classified;
        var table = new List<int>();
        var index = new List<int>();
        var roles = new List<PoolRole>();
        var groups = new List<string>();
        var targets = new List<double>();
        var weights = new List<double>();
        var labels = new List<Emotion>();
        var mirrored = new List<bool>();
        foreach (var flip in mirror ? new[] { false, true } : [false])
        {
            for (var t = 0; t < tables.Length; t++)
            {
                var set = tables[t];
                for (var i = 0; i < set.Count; i++)
                {
                    var image = set.Images[i];
                    var role = t switch
                    {
                        0 => PoolRole.Train,
                        1 => PersonSplit.IsHeldOut(image.Subject) ? PoolRole.WildHeldOut : PoolRole.Train,
                        _ => image.Split switch
                        {
                            "train" => PoolRole.Train,
                            "valid" => PoolRole.FerValid,
                            _ => PoolRole.Unused,
                        },
                    };
                    if (role == PoolRole.Train && set.Faces[i] == StillImageFace.None)
                    {
                        role = PoolRole.Unused;
                    }

                    if (flip && role != PoolRole.Train)
                    {
                        continue; // only training images are mirrored
                    }

                    mirrored.Add(flip);
                    table.Add(t);
                    index.Add(i);
                    roles.Add(role);
                    groups.Add($"{set.Name}:{image.Subject}");
                    weights.Add(t == 0 ? ckWeight : 1);
                    labels.Add(image.Emotion);
                    var votes = image.Votes;
                    var total = 0;
                    if (votes is not null)
                    {
                        foreach (var v in votes)
                        {
                            total += v;
                        }
                    }

                    foreach (var e in classified)
                    {
                        targets.Add(votes is not null && total > 0 ? (double)votes[(int)e] / total : image.Emotion == e ? 1 : 0);
                    }
                }
            }
        }

        return new TrainingPool(tables, [.. table], [.. index], [.. roles], [.. groups], [.. targets], [.. weights], [.. labels], [.. mirrored]);
    }
}
