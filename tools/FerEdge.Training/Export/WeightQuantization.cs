namespace FerEdge.Training.Export;

/// <summary>Granularity of the int8 weight scales in an INT8 QDQ export.</summary>
public enum WeightQuantization
{
    /// <summary>One scale per output channel (column of the [in, out] weight): the most accurate.</summary>
    PerChannel,

    /// <summary>
    /// One scale per weight matrix. Measured with ONNX Runtime 1.31 on x64: several times faster per call than per
    /// channel for these small networks (about 30-90 µs against 220-460 µs in the synthetic selftest), with the same
    /// error against FP32; presumably only the per-tensor QDQ MatMuls are fused into integer kernels there.
    /// </summary>
    PerTensor,
}
