using FerEdge.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Inference;

/// <summary>
/// Runs one exported binary emotion classifier (ONNX, FP32 or INT8 QDQ; input <c>features</c> [N, d], output
/// <c>score</c> [N, 1]) for one feature vector at a time. The session is created once; the per-frame call copies the
/// features into a preallocated buffer and runs an <see cref="OrtIoBinding"/> whose input and output
/// <see cref="OrtValue"/>s wrap preallocated buffers, so it allocates nothing managed per call. Not thread-safe (the buffers are shared); use one instance per thread.
/// The instance owns its session and must be disposed.
/// </summary>
public sealed class EmotionClassifier : IDisposable
{
    private const string InputName = "features";
    private const string OutputName = "score";
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;
    private readonly float[] _output = new float[1];
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly OrtIoBinding _binding;

    /// <summary>Loads <paramref name="modelPath"/>; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming it.</summary>
    public EmotionClassifier(string modelPath, SessionOptions? options = null)
    {
        _session = OnnxSessions.Open(modelPath, options);
        try
        {
            InputLength = OnnxSessions.RequireFeatureInput(_session, modelPath, InputName);
            OnnxSessions.RequireOutput(_session, modelPath, OutputName);
            _input = new float[InputLength];
            _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, InputLength]);
            _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [1, 1]);
            _binding = _session.CreateIoBinding();
            _binding.BindInput(InputName, _inputValue);
            _binding.BindOutput(OutputName, _outputValue);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    /// <summary>Length of the feature vector the model expects.</summary>
    public int InputLength { get; }

    /// <summary>Score in (0, 1) of one feature vector of <see cref="InputLength"/> values.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        if (features.Length != InputLength)
        {
            throw new ArgumentException($"model expects {InputLength} features, got {features.Length}", nameof(features));
        }

        features.CopyTo(_input);
        _session.RunWithBinding(_runOptions, _binding);
        return _output[0];
    }

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
