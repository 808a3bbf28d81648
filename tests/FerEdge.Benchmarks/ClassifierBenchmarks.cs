using BenchmarkDotNet.Attributes;
using FerEdge.Inference;

namespace FerEdge.Benchmarks;

/// <summary>
/// The shipped emotion classifiers in ONNX Runtime: one happy classifier call in FP32 against INT8 QDQ, the whole
/// per-frame scoring of all seven (alignment included) in FP32 and INT8, and one IG explanation (33 gradient rows).
/// Input: the manifest's reference face with the mouth corners moved, appearance descriptors zero (see <see cref="AppearanceBenchmarks"/> for a real face).
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks : IDisposable
{
    private EmotionClassifier? _fp32;
    private EmotionClassifier? _int8;
    private EmotionModelSet? _setFp32;
    private EmotionModelSet? _setInt8;
    private EmotionModelSet? _setInt8OrtDefaults;
    private Microsoft.ML.OnnxRuntime.SessionOptions? _ortDefaults;
    private readonly float[] _shape = new float[136];
    private readonly float[] _scores = new float[7];
    private readonly float[] _attribution = new float[68];
    private float[] _features = [];
    private float[] _appearance = [];

    [GlobalSetup]
    public void Setup()
    {
        var models = Path.Combine(BenchmarkPaths.Root, "models");
        _fp32 = new EmotionClassifier(Path.Combine(models, "happy.onnx"));
        _int8 = new EmotionClassifier(Path.Combine(models, "happy.int8.onnx"));
        _setFp32 = EmotionModelSet.Load(models, useInt8: false);
        _setInt8 = EmotionModelSet.Load(models, useInt8: true);
        _ortDefaults = new Microsoft.ML.OnnxRuntime.SessionOptions();
        _setInt8OrtDefaults = EmotionModelSet.Load(models, useInt8: true, options: _ortDefaults);
        _setInt8.Manifest.Reference.ToArray().CopyTo(_shape, 0);
        _shape[96] -= 0.08f;
        _shape[108] += 0.08f;
        _features = new float[_fp32.InputLength];
        _appearance = new float[_setInt8.AppearanceLength]; // zero descriptors: the cost does not depend on their values
        var happy = _setInt8.Manifest.Classifiers[4];
        for (var k = 0; k < happy.Landmarks.Count; k++)
        {
            _features[2 * k] = _shape[2 * happy.Landmarks[k]];
            _features[(2 * k) + 1] = _shape[(2 * happy.Landmarks[k]) + 1];
        }
    }

    [Benchmark(Baseline = true)]
    public float HappyFp32() => _fp32!.Score(_features);

    [Benchmark]
    public float HappyInt8() => _int8!.Score(_features);

    [Benchmark]
    public bool AllSevenFp32() => _setFp32!.Score(_shape, _appearance, _scores);

    [Benchmark]
    public bool AllSevenInt8() => _setInt8!.Score(_shape, _appearance, _scores);

    /// <summary>The same with ONNX Runtime's default session options (a thread pool per session), for comparison.</summary>
    [Benchmark]
    public bool AllSevenInt8OrtDefaults() => _setInt8OrtDefaults!.Score(_shape, _appearance, _scores);

    [Benchmark]
    public float ExplainHappy() => _setInt8!.Explain(_shape, _appearance, Core.Emotions.Emotion.Happy, _attribution);

    [GlobalCleanup]
    public void Dispose()
    {
        _fp32?.Dispose();
        _int8?.Dispose();
        _setFp32?.Dispose();
        _setInt8?.Dispose();
        _setInt8OrtDefaults?.Dispose();
        _ortDefaults?.Dispose();
        GC.SuppressFinalize(this);
    }
}

// Measured 2026-11-24 05:42 UTC, 2-core AMD EPYC 2.60 GHz shared with other builds (load average 1-3), .NET 10.0.12,
// ONNX Runtime 1.31.1, 32-landmark models. Sessions opened with FerEdge's single-thread options unless named otherwise.
// INT8 export with every MatMul product quantized, so ONNX Runtime runs each MatMul as QLinearMatMul (before: float
// FusedGemm behind a per-call weight DequantizeLinear, AllSevenInt8 317.5 us, AllSevenInt8OrtDefaults 488.7 us).
// INT8 stays about 2x FP32 per call here: at batch 1 these matrices are tiny and ORT's optimised INT8 graph has about
// 2.5x the nodes (anger: 23 against 9; QuantizeLinear, DequantizeLinear and the float bias Add around each QLinearMatMul).
// cd tests/FerEdge.Benchmarks && dotnet run -c Release -- --filter "*ClassifierBenchmarks*" --inProcess --warmupCount 3 --iterationCount 15
// | Method                  | Mean      | Error     | StdDev    | Ratio | RatioSD | Allocated |
// |------------------------ |----------:|----------:|----------:|------:|--------:|----------:|
// | HappyFp32               |  3.336 us | 0.1012 us | 0.0946 us |  1.00 |    0.04 |         - |
// | HappyInt8               |  5.764 us | 0.1249 us | 0.1043 us |  1.73 |    0.06 |         - |
// | AllSevenFp32            | 38.827 us | 1.1282 us | 1.0554 us | 11.65 |    0.44 |         - |
// | AllSevenInt8            | 74.021 us | 0.8142 us | 0.6357 us | 22.20 |    0.63 |         - |
// | AllSevenInt8OrtDefaults | 75.996 us | 1.3072 us | 1.0915 us | 22.80 |    0.70 |         - |
// | ExplainHappy            | 14.236 us | 0.3851 us | 0.3602 us |  4.27 |    0.16 |         - |
