using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Onnx;

/// <summary>
/// Opening and checking ONNX Runtime sessions with errors that name the model file: one set of session options for
/// every model FerEdge runs (the face detector and the emotion classifiers).
/// </summary>
public static class OnnxSessions
{
    /// <summary>
    /// Opens <paramref name="modelPath"/> with <paramref name="options"/>, or when null with
    /// <see cref="CreateOptions"/> for one thread: the classifiers are a few small matrix products, far too little work
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

            using var single = CreateOptions(1);
            return new InferenceSession(modelPath, single);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' cannot be loaded: {e.Message}", e);
        }
    }

    /// <summary>
    /// Session options for one caller thread: <paramref name="intraOpThreads"/> threads inside an operator (1: no pool),
    /// no inter-op pool, sequential, all graph optimisations, and only errors logged (the detector's Barracuda exports
    /// carry unused initialisers that ONNX Runtime would warn about on every load). The caller disposes them.
    /// </summary>
    public static SessionOptions CreateOptions(int intraOpThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intraOpThreads);
        return new()
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
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

    /// <summary>Checks that the model has an output <paramref name="name"/>.</summary>
    public static void RequireOutput(InferenceSession session, string modelPath, string name)
    {
        if (!session.OutputMetadata.ContainsKey(name))
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' has no output '{name}'");
        }
    }
}
