namespace FerEdge.Training.Export;

/// <summary>Granularity of the int8 weight scales in an INT8 QDQ export.</summary>
public enum WeightQuantization
{
    /// <summary>One scale per output channel (column of the [in, out] weight): the most accurate.</summary>
    PerChannel,

    /// <summary>
    /// One scale per weight matrix. Kept for comparison: before the export quantized each MatMul's product, ONNX
    /// Runtime 1.31 on x64 ran per-channel QDQ MatMuls as float Gemms behind a per-call weight DequantizeLinear and
    /// this was several times faster; now both granularities become QLinearMatMul.
    /// </summary>
    PerTensor,
}
