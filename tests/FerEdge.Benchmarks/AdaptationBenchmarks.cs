using BenchmarkDotNet.Attributes;
using FerEdge.Core.Adaptation;
using FerEdge.Core.Emotions;
using FerEdge.Inference;

namespace FerEdge.Benchmarks;

/// <summary>
/// Personal adaptation's cost beside the frame's own scoring (all seven INT8 classifiers, the baseline): one
/// caregiver correction (a second of 30 frames learnt, then undone so every call starts from the same profile of 20
/// corrections), the person's readout applied to one frame, and one frame scored with a neutral shift.
/// </summary>
[MemoryDiagnoser]
public class AdaptationBenchmarks : IDisposable
{
    private const int FramesPerCorrection = 30;
    private EmotionModelSet? _set;
    private readonly float[] _shape = new float[136];
    private readonly float[] _scores = new float[7];
    private readonly float[] _frames = new float[FramesPerCorrection * 7];
    private float[] _appearance = [];
    private float[] _shift = [];
    private PersonalReadout _readout = new();

    [GlobalSetup]
    public void Setup()
    {
        _set = EmotionModelSet.Load(Path.Combine(BenchmarkPaths.Root, "models"), useInt8: true);
        _set.Manifest.Reference.ToArray().CopyTo(_shape, 0);
        _shape[96] -= 0.08f;
        _shape[108] += 0.08f;
        _appearance = new float[_set.AppearanceLength];
        var random = new Random(7);
        for (var i = 0; i < _frames.Length; i++)
        {
            _frames[i] = (float)random.NextDouble();
        }

        var labels = EmotionLabels.All;
        for (var c = 0; c < 20; c++)
        {
            _readout.Correct(labels[c % labels.Length], _frames);
        }

        var neutral = new NeutralFace(_set.Baselines(), _set.PositionInputs());
        var inputs = new float[_set.InputLength];
        _set.Inputs(_shape, _appearance, inputs);
        neutral.Add(inputs);
        _shift = neutral.Shift.ToArray();
    }

    [Benchmark(Baseline = true)]
    public bool ScoreFrame() => _set!.Score(_shape, _appearance, _scores);

    [Benchmark]
    public bool ScoreFrameWithNeutralShift() => _set!.Score(_shape, _appearance, _scores, _shift);

    [Benchmark]
    public bool CorrectAndUndo()
    {
        _readout.Correct(Emotion.Sadness, _frames);
        return _readout.Undo();
    }

    [Benchmark]
    public float ApplyReadout()
    {
        _frames.AsSpan(0, 7).CopyTo(_scores);
        _readout.Apply(_scores);
        return _scores[0];
    }

    public void Dispose()
    {
        _set?.Dispose();
        GC.SuppressFinalize(this);
    }
}
