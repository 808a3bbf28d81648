using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        var i = Vector128.IsHardwareAccelerated ? ChannelMeanVectorised(ref src, ref dst, gray.Length) : 0;
        for (; i < gray.Length; i++)
        {
            var o = i * 3;
            var sum = Unsafe.Add(ref src, o) + Unsafe.Add(ref src, o + 1) + Unsafe.Add(ref src, o + 2);
            // Exact division by 3 for 0..765 with a multiply and shift.
            Unsafe.Add(ref dst, i) = (byte)((sum * 43691) >> 17);
        }
    }

    // 16 pixels (48 bytes) per step: byte shuffles gather each channel of the three source vectors into pixel order
    // (index 255 gives 0 on both SSSE3's pshufb and Arm's tbl, so the three parts are OR-ed), the channels are summed in 16-bit lanes and divided
    // by 3 with the scalar loop's multiply and shift in 32-bit lanes, so every pixel equals the scalar result. Returns
    // how many pixels were converted; the caller finishes the rest.
    private static int ChannelMeanVectorised(ref byte src, ref byte dst, int pixels)
    {
        const byte Z = 255;
        var b0 = Vector128.Create((byte)0, 3, 6, 9, 12, 15, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z);
        var b1 = Vector128.Create(Z, Z, Z, Z, Z, Z, 2, 5, 8, 11, 14, Z, Z, Z, Z, Z);
        var b2 = Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 1, 4, 7, 10, 13);
        var g0 = Vector128.Create((byte)1, 4, 7, 10, 13, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z);
        var g1 = Vector128.Create(Z, Z, Z, Z, Z, 0, 3, 6, 9, 12, 15, Z, Z, Z, Z, Z);
        var g2 = Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 2, 5, 8, 11, 14);
        var r0 = Vector128.Create((byte)2, 5, 8, 11, 14, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z);
        var r1 = Vector128.Create(Z, Z, Z, Z, Z, 1, 4, 7, 10, 13, Z, Z, Z, Z, Z, Z);
        var r2 = Vector128.Create(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 0, 3, 6, 9, 12, 15);
        var multiplier = Vector128.Create(43691u);
        var i = 0;
        for (; i + 16 <= pixels; i += 16)
        {
            var v0 = Vector128.LoadUnsafe(ref src, (nuint)(i * 3));
            var v1 = Vector128.LoadUnsafe(ref src, (nuint)((i * 3) + 16));
            var v2 = Vector128.LoadUnsafe(ref src, (nuint)((i * 3) + 32));
            var b = Vector128.ShuffleNative(v0, b0) | Vector128.ShuffleNative(v1, b1) | Vector128.ShuffleNative(v2, b2);
            var g = Vector128.ShuffleNative(v0, g0) | Vector128.ShuffleNative(v1, g1) | Vector128.ShuffleNative(v2, g2);
            var r = Vector128.ShuffleNative(v0, r0) | Vector128.ShuffleNative(v1, r1) | Vector128.ShuffleNative(v2, r2);
            var (bLo, bHi) = Vector128.Widen(b);
            var (gLo, gHi) = Vector128.Widen(g);
            var (rLo, rHi) = Vector128.Widen(r);
            var lo = Third(bLo + gLo + rLo, multiplier);
            var hi = Third(bHi + gHi + rHi, multiplier);
            Vector128.Narrow(lo, hi).StoreUnsafe(ref dst, (nuint)i);
        }

        return i;
    }

    private static Vector128<ushort> Third(Vector128<ushort> sum, Vector128<uint> multiplier)
    {
        var (lo, hi) = Vector128.Widen(sum);
        return Vector128.Narrow(Vector128.ShiftRightLogical(lo * multiplier, 17), Vector128.ShiftRightLogical(hi * multiplier, 17));
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
