using BenchmarkDotNet.Attributes;
using FerEdge.Core.Features;
using FerEdge.Inference;

namespace FerEdge.Benchmarks;

/// <summary>
/// Feature extraction per frame: the similarity alignment of a 68-point shape onto the manifest's reference face,
/// for the seven classifiers' landmark subsets, each fitted on its manifest alignment set (what
/// <c>EmotionModelSet.Score</c> does before the ONNX calls) and for the full 68 points (the explanation's aligned shape). Input: the reference face moved, scaled and rotated.
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private readonly float[] _shape = new float[136];
    private readonly float[] _full = new float[136];
    private FaceAligner[] _subsets = [];
    private float[][] _features = [];
    private FaceAligner? _fullAligner;

    [GlobalSetup]
    public void Setup()
    {
        using var models = EmotionModelSet.Load(Path.Combine(BenchmarkPaths.Root, "models"));
        var reference = models.Manifest.Reference.ToArray();
        var (sin, cos) = MathF.SinCos(0.1f);
        for (var i = 0; i < 68; i++)
        {
            var x = reference[2 * i];
            var y = reference[(2 * i) + 1];
            _shape[2 * i] = 320 + (90 * ((cos * x) - (sin * y)));
            _shape[(2 * i) + 1] = 180 + (90 * ((sin * x) + (cos * y)));
        }

        var classifiers = models.Manifest.Classifiers;
        _subsets = new FaceAligner[classifiers.Count];
        _features = new float[classifiers.Count][];
        for (var k = 0; k < classifiers.Count; k++)
        {
            _subsets[k] = new FaceAligner(reference, new FeatureLayout(classifiers[k].Landmarks.ToArray()), classifiers[k].AlignmentLandmarks.ToArray());
            _features[k] = new float[_subsets[k].Layout.FrameLength];
        }

        _fullAligner = new FaceAligner(reference, FeatureLayout.Full());
    }

    /// <summary>The seven classifiers' feature vectors of one frame.</summary>
    [Benchmark(Baseline = true)]
    public bool SevenSubsets()
    {
        var ok = true;
        for (var k = 0; k < _subsets.Length; k++)
        {
            ok &= _subsets[k].TryAlign(_shape, _features[k]);
        }

        return ok;
    }

    /// <summary>All 68 points aligned (explanations).</summary>
    [Benchmark]
    public bool Full68() => _fullAligner!.TryAlign(_shape, _full);
}

// dotnet tests/FerEdge.Benchmarks/bin/Release/net10.0/FerEdge.Benchmarks.dll --filter '*FeatureBenchmarks*' --inProcess --job short
// 2026-11-24, AMD EPYC 2.60GHz (2 cores shared with parallel builds, load average 5-8), Debian 12, .NET 10.0.12
// X64 RyuJIT x86-64-v4, BenchmarkDotNet v0.15.8, ShortRun (3 iterations). Each classifier fitted on the 32-landmark
// tracked union (manifest alignment_landmarks), its 8-24 landmarks emitted.
//
// | Method       | Mean       | Error    | StdDev   | Ratio | Allocated |
// |------------- |-----------:|---------:|---------:|------:|----------:|
// | SevenSubsets | 1,822.6 ns | 754.7 ns | 41.37 ns |  1.00 |         - |
// | Full68       |   719.2 ns | 178.7 ns |  9.79 ns |  0.39 |         - |
