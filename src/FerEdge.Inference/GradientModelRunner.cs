using FerEdge.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Inference;

/// <summary>
/// Runs an exported gradient model (input <c>features</c> [N, d]; outputs <c>gradient</c> [N, d] = d score / d
/// features, and <c>score</c> [N, 1]) and computes Integrated Gradients from it with ONNX Runtime alone: the
/// <see cref="Steps"/> + 1 points of the straight path from a baseline to the input go through the model as one
/// batch, and the gradients are combined with the trapezoid rule. All buffers are preallocated at construction, so a
/// call allocates nothing managed. Not thread-safe; owns its session and must be disposed.
/// </summary>
public sealed class GradientModelRunner : IDisposable
{
    private const string InputName = "features";
    private const string GradientName = "gradient";
    private const string ScoreName = "score";
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _single;
    private readonly float[] _singleGradient;
    private readonly float[] _singleScore = new float[1];
    private readonly float[] _path;
    private readonly float[] _pathGradient;
    private readonly float[] _pathScore;
    private readonly OrtValue[] _values; // single input, gradient, score; then the same for the path batch
    private readonly OrtIoBinding _singleBinding;
    private readonly OrtIoBinding _pathBinding;

    /// <param name="modelPath">The gradient model file.</param>
    /// <param name="steps">Intervals of the Integrated Gradients path (at least 32).</param>
    /// <param name="options">Session options, or null for defaults.</param>
    public GradientModelRunner(string modelPath, int steps = 32, SessionOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 32);
        _session = OnnxSessions.Open(modelPath, options);
        try
        {
            InputLength = OnnxSessions.RequireFeatureInput(_session, modelPath, InputName);
            OnnxSessions.RequireOutput(_session, modelPath, GradientName);
            OnnxSessions.RequireOutput(_session, modelPath, ScoreName);
            Steps = steps;
            var d = InputLength;
            _single = new float[d];
            _singleGradient = new float[d];
            _path = new float[(steps + 1) * d];
            _pathGradient = new float[(steps + 1) * d];
            _pathScore = new float[steps + 1];
            _values =
            [
                OrtValue.CreateTensorValueFromMemory(_single, [1, d]),
                OrtValue.CreateTensorValueFromMemory(_singleGradient, [1, d]),
                OrtValue.CreateTensorValueFromMemory(_singleScore, [1, 1]),
                OrtValue.CreateTensorValueFromMemory(_path, [steps + 1, d]),
                OrtValue.CreateTensorValueFromMemory(_pathGradient, [steps + 1, d]),
                OrtValue.CreateTensorValueFromMemory(_pathScore, [steps + 1, 1]),
            ];
            _singleBinding = Bind(_session, _values.AsSpan(0, 3));
            _pathBinding = Bind(_session, _values.AsSpan(3, 3));
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    public int InputLength { get; }

    /// <summary>Intervals of the Integrated Gradients path.</summary>
    public int Steps { get; }

    /// <summary>Writes d score / d features into <paramref name="gradient"/> and returns the score.</summary>
    public float Gradient(ReadOnlySpan<float> features, Span<float> gradient)
    {
        CheckLength(features, nameof(features));
        CheckLength(gradient, nameof(gradient));
        features.CopyTo(_single);
        _session.RunWithBinding(_runOptions, _singleBinding);
        _singleGradient.CopyTo(gradient);
        return _singleScore[0];
    }

    /// <summary>
    /// Integrated Gradients of <paramref name="features"/> against <paramref name="baseline"/> into
    /// <paramref name="attribution"/>; returns <c>score(features) - score(baseline)</c>, which the attributions sum to
    /// up to the quadrature error.
    /// </summary>
    public float IntegratedGradients(ReadOnlySpan<float> features, ReadOnlySpan<float> baseline, Span<float> attribution)
    {
        CheckLength(features, nameof(features));
        CheckLength(baseline, nameof(baseline));
        CheckLength(attribution, nameof(attribution));
        var d = InputLength;
        for (var k = 0; k <= Steps; k++)
        {
            var alpha = (float)k / Steps;
            var point = _path.AsSpan(k * d, d);
            for (var i = 0; i < d; i++)
            {
                point[i] = baseline[i] + (alpha * (features[i] - baseline[i]));
            }
        }

        _session.RunWithBinding(_runOptions, _pathBinding);
        attribution.Clear();
        for (var k = 0; k <= Steps; k++)
        {
            var weight = (k == 0 || k == Steps ? 0.5f : 1f) / Steps;
            var g = _pathGradient.AsSpan(k * d, d);
            for (var i = 0; i < d; i++)
            {
                attribution[i] += weight * g[i];
            }
        }

        for (var i = 0; i < d; i++)
        {
            attribution[i] *= features[i] - baseline[i];
        }

        return _pathScore[Steps] - _pathScore[0];
    }

    public void Dispose()
    {
        _singleBinding.Dispose();
        _pathBinding.Dispose();
        foreach (var v in _values)
        {
            v.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    private static OrtIoBinding Bind(InferenceSession session, ReadOnlySpan<OrtValue> values)
    {
        var binding = session.CreateIoBinding();
        binding.BindInput(InputName, values[0]);
        binding.BindOutput(GradientName, values[1]);
        binding.BindOutput(ScoreName, values[2]);
        return binding;
    }

    private void CheckLength(ReadOnlySpan<float> values, string name)
    {
        if (values.Length != InputLength)
        {
            throw new ArgumentException($"model expects {InputLength} values, got {values.Length}", name);
        }
    }
}
