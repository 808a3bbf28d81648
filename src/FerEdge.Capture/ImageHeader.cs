using System.Buffers.Binary;
using System.Text;
using FerEdge.Core.Frames;

namespace FerEdge.Capture;

/// <summary>
/// Reads the pixel size an image file claims in its header (PNG, JPEG, BMP, PGM/PPM, TIFF) without decoding it, so
/// that a file claiming, say, 60000x60000 pixels is refused before a decoder allocates for it.
/// </summary>
public static class ImageHeader
{
    /// <summary>Default pixel limit of a decoded image: 50 megapixels (an 8K frame is 33).</summary>
    public const long DefaultMaxPixels = 50_000_000;

    private const int HeadBytes = 64 * 1024;

    /// <summary>The 8 bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Throws <see cref="FrameSourceException"/> naming <paramref name="path"/> when its header claims more than
    /// <paramref name="maxPixels"/> pixels (or a zero side). A header this reader does not know passes: the decoder
    /// judges it.
    /// </summary>
    public static void Check(string path, long maxPixels)
    {
        if (!TryReadSize(path, out var width, out var height))
        {
            return;
        }

        if (width <= 0 || height <= 0)
        {
            throw new FrameSourceException($"Image {path} claims {width}x{height} pixels");
        }

        if (width * height > maxPixels)
        {
            throw new FrameSourceException($"Image {path} claims {width}x{height} pixels, over the limit of {maxPixels} (MaxImagePixels)");
        }
    }

    /// <summary>The size <paramref name="path"/>'s header claims; false when the format is not recognised or the header is cut.</summary>
    public static bool TryReadSize(string path, out long width, out long height)
    {
        width = height = 0;
        byte[] head;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            head = new byte[(int)Math.Min(HeadBytes, stream.Length)];
            stream.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException($"Cannot read image {path}: {e.Message}", e);
        }

        return TryParse(head, out width, out height);
    }

    /// <summary>The size a header in <paramref name="head"/> (the file's first bytes) claims.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out long width, out long height)
    {
        width = height = 0;
        if (head.Length >= 24 && head[..8].SequenceEqual(PngSignature) && head.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            width = BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
            height = BinaryPrimitives.ReadUInt32BigEndian(head[20..]);
            return true;
        }

        if (head.Length >= 26 && head[0] == 'B' && head[1] == 'M')
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(head[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(head[22..]));
            return true;
        }

        if (head.Length >= 4 && head[0] == 0xFF && head[1] == 0xD8)
        {
            return TryParseJpeg(head, out width, out height);
        }

        if (head.Length >= 3 && head[0] == 'P' && head[1] is (byte)'5' or (byte)'6' or (byte)'2' or (byte)'3')
        {
            return TryParsePnm(head, out width, out height);
        }

        if (head.Length >= 8 && ((head[0] == 'I' && head[1] == 'I') || (head[0] == 'M' && head[1] == 'M')))
        {
            return TryParseTiff(head, out width, out height);
        }

        return false;
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC).</summary>
    private static bool TryParseJpeg(ReadOnlySpan<byte> head, out long width, out long height)
    {
        width = height = 0;
        var i = 2;
        while (i + 9 < head.Length)
        {
            if (head[i] != 0xFF)
            {
                return false;
            }

            var marker = head[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(head[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(head[(i + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(head[(i + 7)..]);
                return true;
            }

            if (marker == 0xDA || length < 2)
            {
                return false;
            }

            i += 2 + length;
        }

        return false;
    }

    /// <summary>Netpbm: magic, then width and height as ASCII numbers separated by white space and comments.</summary>
    private static bool TryParsePnm(ReadOnlySpan<byte> head, out long width, out long height)
    {
        width = height = 0;
        var text = Encoding.ASCII.GetString(head[2..Math.Min(head.Length, 512)]);
        var numbers = new List<long>(2);
        var i = 0;
        while (numbers.Count < 2 && i < text.Length)
        {
            if (text[i] == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsAsciiDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i - start > 12)
                {
                    return false;
                }

                numbers.Add(long.Parse(text.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                i++;
            }
        }

        if (numbers.Count < 2)
        {
            return false;
        }

        (width, height) = (numbers[0], numbers[1]);
        return true;
    }

    /// <summary>TIFF: ImageWidth (256) and ImageLength (257) of the first image file directory, when it lies in <paramref name="head"/>.</summary>
    private static bool TryParseTiff(ReadOnlySpan<byte> head, out long width, out long height)
    {
        width = height = 0;
        var little = head[0] == 'I';
        uint U32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        ushort U16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        if (U16(head[2..]) != 42)
        {
            return false;
        }

        var ifd = U32(head[4..]);
        if (ifd + 2 > head.Length)
        {
            return false;
        }

        int count = U16(head[(int)ifd..]);
        for (var k = 0; k < count; k++)
        {
            var entry = (int)ifd + 2 + (k * 12);
            if (entry + 12 > head.Length)
            {
                return false;
            }

            var tag = U16(head[entry..]);
            var type = U16(head[(entry + 2)..]);
            long value = type == 3 ? U16(head[(entry + 8)..]) : U32(head[(entry + 8)..]);
            if (tag == 256)
            {
                width = value;
            }
            else if (tag == 257)
            {
                height = value;
            }
        }

        return width > 0 || height > 0;
    }
}
