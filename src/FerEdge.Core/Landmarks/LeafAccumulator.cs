using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FerEdge.Core.Landmarks;

/// <summary>
/// Adds the chosen leaf vector of every tree of one cascade to the shape, in tree order. Each element's result is the
/// chain of float additions dlib's <c>current_shape += leaf</c> performs in that order, so vectorising across
/// elements (and keeping partial sums in registers) changes no bit.
/// </summary>
/// <remarks>
/// The leaves of the 68-point model are about 66 MB and each face reads 7,500 of them (4.3 MB), so this step is bound
/// by memory latency: the leaf a few trees ahead is prefetched while the current one is added.
/// </remarks>
internal static class LeafAccumulator
{
    /// <summary>Floats one register-resident block covers: nine 256-bit vectors.</summary>
    private const int BlockFloats = 72;

    /// <summary>How many trees ahead the next leaves are requested from memory.</summary>
    private const int Lookahead = 6;

    /// <summary>Adds <c>leaves[offsets[t] ..]</c> for every t to <paramref name="shape"/>.</summary>
    /// <param name="shape">The shape, <paramref name="stride"/> floats (padding included).</param>
    /// <param name="leaves">The cascade's leaves, pinned (their addresses are used for prefetching).</param>
    /// <param name="offsets">Offset of each tree's chosen leaf in <paramref name="leaves"/>, in tree order.</param>
    /// <param name="stride">Floats per leaf, a multiple of 16.</param>
    public static void Add(Span<float> shape, ReadOnlySpan<float> leaves, ReadOnlySpan<int> offsets, int stride)
    {
        if (Vector256.IsHardwareAccelerated && stride % BlockFloats == 0)
        {
            AddInRegisters(shape, leaves, offsets, stride);
        }
        else
        {
            AddInMemory(shape, leaves, offsets, stride);
        }
    }

    /// <summary>
    /// Keeps 72 floats of the shape in nine registers while running over all trees, then the next 72: half the
    /// loads and none of the stores of the in-memory loop. The first pass prefetches whole leaves for the second.
    /// </summary>
    private static unsafe void AddInRegisters(Span<float> shape, ReadOnlySpan<float> leaves, ReadOnlySpan<int> offsets, int stride)
    {
        ref var leafBase = ref MemoryMarshal.GetReference(leaves);
        ref var offset = ref MemoryMarshal.GetReference(offsets);
        var trees = offsets.Length;
        for (var start = 0; start < stride; start += BlockFloats)
        {
            ref var acc = ref Unsafe.Add(ref MemoryMarshal.GetReference(shape), start);
            var a0 = Vector256.LoadUnsafe(ref acc, 0);
            var a1 = Vector256.LoadUnsafe(ref acc, 8);
            var a2 = Vector256.LoadUnsafe(ref acc, 16);
            var a3 = Vector256.LoadUnsafe(ref acc, 24);
            var a4 = Vector256.LoadUnsafe(ref acc, 32);
            var a5 = Vector256.LoadUnsafe(ref acc, 40);
            var a6 = Vector256.LoadUnsafe(ref acc, 48);
            var a7 = Vector256.LoadUnsafe(ref acc, 56);
            var a8 = Vector256.LoadUnsafe(ref acc, 64);
            var prefetch = start == 0 && Sse.IsSupported;
            for (var t = 0; t < trees; t++)
            {
                if (prefetch && t + Lookahead < trees)
                {
                    Prefetch(ref Unsafe.Add(ref leafBase, Unsafe.Add(ref offset, t + Lookahead)), stride);
                }

                ref var leaf = ref Unsafe.Add(ref leafBase, Unsafe.Add(ref offset, t) + start);
                a0 += Vector256.LoadUnsafe(ref leaf, 0);
                a1 += Vector256.LoadUnsafe(ref leaf, 8);
                a2 += Vector256.LoadUnsafe(ref leaf, 16);
                a3 += Vector256.LoadUnsafe(ref leaf, 24);
                a4 += Vector256.LoadUnsafe(ref leaf, 32);
                a5 += Vector256.LoadUnsafe(ref leaf, 40);
                a6 += Vector256.LoadUnsafe(ref leaf, 48);
                a7 += Vector256.LoadUnsafe(ref leaf, 56);
                a8 += Vector256.LoadUnsafe(ref leaf, 64);
            }

            a0.StoreUnsafe(ref acc, 0);
            a1.StoreUnsafe(ref acc, 8);
            a2.StoreUnsafe(ref acc, 16);
            a3.StoreUnsafe(ref acc, 24);
            a4.StoreUnsafe(ref acc, 32);
            a5.StoreUnsafe(ref acc, 40);
            a6.StoreUnsafe(ref acc, 48);
            a7.StoreUnsafe(ref acc, 56);
            a8.StoreUnsafe(ref acc, 64);
        }
    }

    /// <summary>Any stride and vector width (Arm's 128-bit vectors included): the shape is updated in memory per leaf.</summary>
    private static void AddInMemory(Span<float> shape, ReadOnlySpan<float> leaves, ReadOnlySpan<int> offsets, int stride)
    {
        ref var leafBase = ref MemoryMarshal.GetReference(leaves);
        ref var offset = ref MemoryMarshal.GetReference(offsets);
        ref var acc = ref MemoryMarshal.GetReference(shape);
        var width = Vector<float>.Count;
        var trees = offsets.Length;
        for (var t = 0; t < trees; t++)
        {
            if (Sse.IsSupported && t + Lookahead < trees)
            {
                Prefetch(ref Unsafe.Add(ref leafBase, Unsafe.Add(ref offset, t + Lookahead)), stride);
            }

            ref var leaf = ref Unsafe.Add(ref leafBase, Unsafe.Add(ref offset, t));
            for (var j = 0; j < stride; j += width)
            {
                (Vector.LoadUnsafe(ref acc, (nuint)j) + Vector.LoadUnsafe(ref leaf, (nuint)j)).StoreUnsafe(ref acc, (nuint)j);
            }
        }
    }

    /// <summary>Requests every cache line of one leaf. The leaves are pinned, so the address stays valid.</summary>
    private static unsafe void Prefetch(ref float leaf, int stride)
    {
        var address = (byte*)Unsafe.AsPointer(ref leaf);
        for (var line = 0; line < stride * sizeof(float); line += 64)
        {
            Sse.Prefetch0(address + line);
        }
    }
}
