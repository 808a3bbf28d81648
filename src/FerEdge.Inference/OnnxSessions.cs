using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Inference;

/// <summary>Opening and checking ONNX Runtime sessions with errors that name the model file.</summary>
internal static class OnnxSessions
{
    /// <summary>
    /// Opens <paramref name="modelPath"/> with <paramref name="options"/>, or when null with
    /// <see cref="CreateSingleThreadOptions"/>: the classifiers are a few small matrix products, far too little work
    /// to share, and ONNX Runtime's default gives every session its own pool of spinning worker threads, one per
    /// core, that compete with the pipeline's own threads.
    /// </summary>
    public static InferenceSession Open(string modelPath, SessionOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model '{modelPath}' does not exist", modelPath);
        }

        try
        {
            if (options is not null)
            {
                return new InferenceSession(modelPath, options);
            }

            using var single = CreateSingleThreadOptions();
            return new InferenceSession(modelPath, single);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' cannot be loaded: {e.Message}", e);
        }
    }

    /// <summary>Session options for one caller thread: no intra- or inter-op pool, sequential, all graph optimisations.</summary>
    public static SessionOptions CreateSingleThreadOptions() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

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
