using System.Diagnostics;
using FerEdge.Core.Features;
using FerEdge.Training.Wild;
using FerEdge.Vision.Landmarks;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train train</c>: the shipped classifiers from every labelled image of the shared data (see
/// <see cref="TrainingPool"/>), trained on landmark positions plus appearance at the landmarks and, as the measured
/// landmarks-only variant, on positions alone; the variant with the better held-out result on faces-in-the-wild
/// people is written to the model folder with its report. Fixed seeds: the same data give the same files on the same
/// machine.
/// </summary>
public static class TrainCommand
{
    /// <summary>The rigid landmarks the canonical frame is fitted on: the nose bridge and base, the eye corners.</summary>
    public static readonly int[] AlignmentLandmarks = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45];

    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Value("root", "."));
        var dataRoot = Path.GetFullPath(options.Value("data", Path.Combine(root, "..", "shared", "data")));
        var outDir = Path.GetFullPath(options.Value("out", Path.Combine(root, "models")));
        var settings = new WildOptions
        {
            Folds = options.Count("folds", 10, 2, 50),
            Seed = options.Count("seed", 1, 0, int.MaxValue),
            Units = options.Count("units", 128, 0, 4096),
            MaximumTracked = options.Count("max-tracked", 44, 16, 68),
            CkWeight = options.Number("ck-weight", 3),
        };
        var mirror = options.Choice("mirror", "off", "on", "off") == "on";
        var features = options.Choice("features", "both", "shipped", "landmarks", "both", "tables");
        options.RejectUnknown();

        var clock = Stopwatch.StartNew();
        var reference = ShapePredictorFile.Load().MeanShape.ToArray();
        var appearance = new AppearanceOptions();
        var frontEnd = new FaceLandmarkerOptions { BlazeFaceDirectory = Path.Combine(root, "models", "third_party", "blazeface") };
        var cache = Path.Combine(root, "artifacts", "cache");
        FaceTable Table(string name) => FaceTable.Load(Path.Combine(dataRoot, name), frontEnd, reference, AlignmentLandmarks, appearance, cache, Say);
        var ck = Table("ckplus48");
        var wild = Table("faces-in-the-wild");
        var fer = Table("ferplus");
        Say($"front end and features ready ({clock.Elapsed.TotalSeconds:F0} s)");
        var pool = TrainingPool.Build(ck, wild, fer, settings.CkWeight, mirror);
        Say($"pool: {pool.RowsOf(PoolRole.Train).Length} training rows, {pool.RowsOf(PoolRole.WildHeldOut).Length} held-out faces-in-the-wild images, "
            + $"{pool.RowsOf(PoolRole.FerValid).Length} FER+ valid images");
        if (features == "tables")
        {
            return 0;
        }

        var run = new WildRun(pool, reference, AlignmentLandmarks, appearance, settings, Say);
        var shipped = features != "landmarks" ? run.Train(withAppearance: true) : null;
        var landmarksOnly = features != "shipped" ? run.Train(withAppearance: false) : null;
        var chosen = shipped is null ? landmarksOnly! : landmarksOnly is null || shipped.WildMeanAuc >= landmarksOnly.WildMeanAuc ? shipped : landmarksOnly;
        Say($"shipping the {(chosen.WithAppearance ? "positions + appearance" : "landmarks-only")} classifiers ({clock.Elapsed.TotalSeconds:F0} s)");
        WildExport.Write(outDir, run, chosen, [shipped, landmarksOnly], clock.Elapsed, "fer-train train " + options.CommandLine, Say);
        Say($"done ({clock.Elapsed.TotalSeconds:F0} s)");
        return 0;
    }

    private static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
