namespace FerEdge.Core.Tests.Landmarks;

/// <summary>
/// Writes small shape_predictor models in dlib's serialization format (as dlib's serialize() does: integers as a
/// control byte plus little-endian magnitude, floats as frexp mantissa/exponent with zero low bytes shifted off,
/// matrices with negated dimensions), so that reader and predictor can be tested against hand-made models.
/// </summary>
internal sealed class DlibModelWriter(Stream stream)
{
    private readonly Stream _stream = stream;

    public void Int(long value)
    {
        var magnitude = (ulong)Math.Abs(value);
        var bytes = new List<byte>();
        while (magnitude != 0)
        {
            bytes.Add((byte)(magnitude & 0xFF));
            magnitude >>= 8;
        }

        _stream.WriteByte((byte)(bytes.Count | (value < 0 ? 0x80 : 0)));
        _stream.Write(bytes.ToArray());
    }

    public void Float(float value)
    {
        if (float.IsPositiveInfinity(value))
        {
            Int(0);
            Int(32000);
            return;
        }

        const int Digits = 24;
        var (mantissa, exponent) = (0L, 0);
        if (value != 0)
        {
            // frexp: value = fraction * 2^e with 0.5 <= |fraction| < 1.
            var e = Math.ILogB(value) + 1;
            mantissa = (long)Math.ScaleB(value, Digits - e);
            exponent = e - Digits;
            for (var i = 0; i < 8 && (mantissa & 0xFF) == 0; i++)
            {
                mantissa >>= 8;
                exponent += 8;
            }
        }

        Int(mantissa);
        Int(exponent);
    }

    public void ColumnVector(ReadOnlySpan<float> values)
    {
        Int(-values.Length);
        Int(-1);
        foreach (var v in values)
        {
            Float(v);
        }
    }

    /// <summary>Writes a whole model: <paramref name="splits"/>[c][t] and <paramref name="leaves"/>[c][t] describe tree t of cascade c.</summary>
    public static byte[] Model(
        float[] initialShape,
        (int I1, int I2, float Threshold)[][][] splits,
        float[][][][] leaves,
        int[][] anchors,
        float[][] deltas,
        int version = 1)
    {
        using var stream = new MemoryStream();
        var w = new DlibModelWriter(stream);
        w.Int(version);
        w.ColumnVector(initialShape);
        w.Int(splits.Length);
        for (var c = 0; c < splits.Length; c++)
        {
            w.Int(splits[c].Length);
            for (var t = 0; t < splits[c].Length; t++)
            {
                w.Int(splits[c][t].Length);
                foreach (var (i1, i2, threshold) in splits[c][t])
                {
                    w.Int(i1);
                    w.Int(i2);
                    w.Float(threshold);
                }

                w.Int(leaves[c][t].Length);
                foreach (var leaf in leaves[c][t])
                {
                    w.ColumnVector(leaf);
                }
            }
        }

        w.Int(anchors.Length);
        foreach (var a in anchors)
        {
            w.Int(a.Length);
            foreach (var i in a)
            {
                w.Int(i);
            }
        }

        w.Int(deltas.Length);
        foreach (var d in deltas)
        {
            w.Int(d.Length / 2);
            foreach (var v in d)
            {
                w.Float(v);
            }
        }

        return stream.ToArray();
    }
}
