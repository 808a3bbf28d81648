namespace FerEdge.Core.Landmarks;

/// <summary>
/// Decodes dlib's portable serialization primitives (variable-length integers, mantissa/exponent floats) from a
/// stream through its own buffer, tracking the byte offset so that every error can say where the data went wrong.
/// </summary>
/// <remarks>Single-use and not thread-safe; it does not own or dispose the stream.</remarks>
internal sealed class DlibBinaryReader
{
    // dlib's float_details marks infinities and NaN with these exponent values.
    private const int PositiveInfinityExponent = 32000;
    private const int NegativeInfinityExponent = 32001;
    private const int NanExponent = 32002;

    private readonly Stream _stream;
    private readonly string _sourceName;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _position;
    private int _length;
    private long _bufferStart;

    public DlibBinaryReader(Stream stream, string sourceName)
    {
        _stream = stream;
        _sourceName = sourceName;
    }

    /// <summary>Offset from the start of the stream of the next byte to be read.</summary>
    public long Offset => _bufferStart + _position;

    /// <summary>Reads one signed integer (control byte, then up to 8 magnitude bytes little-endian).</summary>
    public long ReadInt64()
    {
        var start = Offset;
        var control = ReadByte();
        var size = control & 0x0F;

        // The bits 0x70 are always zero in dlib's integer control byte; anything else is not dlib data.
        if ((control & 0x70) != 0 || size > 8)
        {
            throw Invalid($"invalid integer control byte 0x{control:X2} at byte offset {start}; this is not dlib serialized data");
        }

        ulong magnitude = 0;
        for (var i = 0; i < size; i++)
        {
            magnitude |= (ulong)ReadByte() << (8 * i);
        }

        if (magnitude > long.MaxValue)
        {
            throw Invalid($"integer at byte offset {start} does not fit in 64 bits");
        }

        return (control & 0x80) != 0 ? -(long)magnitude : (long)magnitude;
    }

    /// <summary>Reads an integer that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32InRange(string what, long min, long max)
    {
        var start = Offset;
        var value = ReadInt64();
        if (value < min || value > max)
        {
            throw Invalid($"{what} is {value} at byte offset {start}, expected {(min == max ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{min}..{max}")}");
        }

        return (int)value;
    }

    /// <summary>Reads a float stored as mantissa * 2^exponent, converted the way dlib converts it (ldexp in float).</summary>
    public float ReadSingle()
    {
        var start = Offset;
        var mantissa = ReadInt64();
        var exponent = ReadInt64();
        if (exponent < short.MinValue || exponent > short.MaxValue)
        {
            throw Invalid($"float exponent {exponent} at byte offset {start} is out of range");
        }

        return exponent switch
        {
            < PositiveInfinityExponent => MathF.ScaleB(mantissa, (int)exponent),
            PositiveInfinityExponent => float.PositiveInfinity,
            NegativeInfinityExponent => float.NegativeInfinity,
            NanExponent => float.NaN,
            _ => float.NaN,
        };
    }

    /// <summary>
    /// Reads a dlib column vector's header (rows and columns, which dlib stores negated) and checks its size.
    /// </summary>
    public void ReadColumnVectorHeader(string what, int expectedRows)
    {
        var start = Offset;
        var rows = ReadInt64();
        var columns = ReadInt64();
        rows = Math.Abs(rows);
        columns = Math.Abs(columns);
        if (columns != 1 || rows != expectedRows)
        {
            throw Invalid($"{what} at byte offset {start} is a {rows}x{columns} matrix, expected {expectedRows}x1");
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> naming the source and the problem.</summary>
    public InvalidDataException Invalid(string problem) =>
        new($"{_sourceName} is not a valid dlib shape_predictor model: {problem}.");

    private byte ReadByte()
    {
        if (_position == _length)
        {
            Refill();
        }

        return _buffer[_position++];
    }

    private void Refill()
    {
        _bufferStart += _length;
        _position = 0;
        _length = _stream.Read(_buffer, 0, _buffer.Length);
        if (_length == 0)
        {
            throw Invalid($"unexpected end of stream at byte offset {_bufferStart} (the file is truncated)");
        }
    }
}
