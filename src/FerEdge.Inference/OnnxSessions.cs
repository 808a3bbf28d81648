using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Inference;

/// <summary>Opening and checking ONNX Runtime sessions with errors that name the model file.</summary>
internal static class OnnxSessions
{
    public static InferenceSession Open(string modelPath, SessionOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model '{modelPath}' does not exist", modelPath);
        }

        try
        {
            return options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' cannot be loaded: {e.Message}", e);
        }
    }

    /// <summary>Checks a float input <paramref name="name"/> of shape [N, d] and returns d.</summary>
    public static int RequireFeatureInput(InferenceSession session, string modelPath, string name)
    {
        if (!session.InputMetadata.TryGetValue(name, out var meta) || meta.ElementType != typeof(float)
            || meta.Dimensions.Length != 2 || meta.Dimensions[1] <= 0)
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' has no float input '{name}' of shape [N, d]");
        }

        return meta.Dimensions[1];
    }

    public static void RequireOutput(InferenceSession session, string modelPath, string name)
    {
        if (!session.OutputMetadata.ContainsKey(name))
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' has no output '{name}'");
        }
    }
}
