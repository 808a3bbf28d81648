using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FerEdge.Core.Imaging;

/// <summary>Colour to grayscale conversions.</summary>
public static class GrayConversion
{
    /// <summary>
    /// Writes the mean of the three channels, (B + G + R) / 3 truncated, as dlib does when it converts a colour image
    /// to gray; the landmark model was trained on such images.
    /// </summary>
    public static void ChannelMean(ReadOnlySpan<byte> interleaved, Span<byte> gray)
    {
        if (interleaved.Length < gray.Length * 3)
        {
            throw new ArgumentException($"Need {gray.Length * 3} colour bytes for {gray.Length} gray pixels, got {interleaved.Length}.", nameof(interleaved));
        }

        ref var src = ref MemoryMarshal.GetReference(interleaved);
        ref var dst = ref MemoryMarshal.GetReference(gray);
        for (var i = 0; i < gray.Length; i++)
        {
            var o = i * 3;
            var sum = Unsafe.Add(ref src, o) + Unsafe.Add(ref src, o + 1) + Unsafe.Add(ref src, o + 2);
            // Exact division by 3 for 0..765 with a multiply and shift.
            Unsafe.Add(ref dst, i) = (byte)((sum * 43691) >> 17);
        }
    }

    /// <summary>Fills a colour image from a gray one by copying the value into all three channels.</summary>
    public static void Replicate(ReadOnlySpan<byte> gray, Span<byte> interleaved)
    {
        if (interleaved.Length < gray.Length * 3)
        {
            throw new ArgumentException($"Need {gray.Length * 3} colour bytes for {gray.Length} gray pixels, got {interleaved.Length}.", nameof(interleaved));
        }

        for (var i = 0; i < gray.Length; i++)
        {
            var v = gray[i];
            interleaved[i * 3] = v;
            interleaved[(i * 3) + 1] = v;
            interleaved[(i * 3) + 2] = v;
        }
    }
}
