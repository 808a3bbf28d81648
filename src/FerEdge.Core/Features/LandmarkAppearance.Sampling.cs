using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FerEdge.Core.Imaging;

namespace FerEdge.Core.Features;

/// <summary>Resampling a landmark's patch on the canonical face (bilinear, supersampled), scalar and AVX2.</summary>
public sealed partial class LandmarkAppearance
{
    // Resamples the patch plus border around (cx, cy): canonical offsets -(P+1)/2 .. (P+1)/2, each canonical pixel the
    // mean of k x k bilinear samples spread over its footprint. Each sub-sample walks its own coordinates along a row
    // (one addition per pixel), and a pixel's k x k sub-samples are summed in one visit. Patches wholly inside the image
    // take a path without clamping or bounds checks.
    private void Sample(GrayImage image, float cx, float cy, float ux, float uy, float vx, float vy, int k)
    {
        var pixels = image.Buffer;
        var w = image.Width;
        var h = image.Height;
        var half = (_grid - 1) / 2f;
        var reach = (half + 1) * (MathF.Abs(ux) + MathF.Abs(uy) + MathF.Abs(vx) + MathF.Abs(vy));
        var inside = cx - reach >= 0 && cy - reach >= 0 && cx + reach < w - 1 && cy + reach < h - 1;
        var subSamples = k * k;

        // A gathered read takes four bytes from each corner pair's start, so it needs one more row below the patch.
        var gather = VectorPaths && _grid >= Vector256<float>.Count && inside && cy + reach < h - 2;
        Span<float> xs = stackalloc float[MaximumSupersampling * MaximumSupersampling];
        Span<float> ys = stackalloc float[MaximumSupersampling * MaximumSupersampling];
        xs = xs[..subSamples];
        ys = ys[..subSamples];
        var patch = _patch.AsSpan();
        for (var j = 0; j < _grid; j++)
        {
            for (var s = 0; s < subSamples; s++)
            {
                var du = (((s % k) + 0.5f) / k) - 0.5f - half;
                var v = (((s / k) + 0.5f) / k) - 0.5f - half + j;
                xs[s] = cx + (du * ux) + (v * vx);
                ys[s] = cy + (du * uy) + (v * vy);
            }

            var row = patch.Slice(j * _grid, _grid);
            if (gather)
            {
                GatherRow(pixels, w, row, xs, ys, ux, uy);
            }
            else if (inside)
            {
                SampleRowInside(pixels, w, row, xs, ys, ux, uy);
            }
            else
            {
                for (var i = 0; i < row.Length; i++)
                {
                    float sum = 0;
                    for (var s = 0; s < xs.Length; s++)
                    {
                        sum += Bilinear(pixels, w, h, xs[s], ys[s]);
                        xs[s] += ux;
                        ys[s] += uy;
                    }

                    row[i] = sum;
                }
            }
        }

        if (k > 1)
        {
            var weight = 1f / subSamples;
            for (var i = 0; i < patch.Length; i++)
            {
                patch[i] *= weight;
            }
        }
    }

    // SampleRowInside with AVX2: each sub-sample's walk along the row is written out first (the same running sums),
    // then eight pixels at a time take their four corners from two gathers of four bytes (a pixel and its right
    // neighbour, on the row and the row below). The last step may overlap the one before; it writes the same values.
    private unsafe void GatherRow(byte[] pixels, int w, Span<float> row, Span<float> xs, Span<float> ys, float ux, float uy)
    {
        var n = row.Length;
        var subSamples = xs.Length;
        for (var s = 0; s < subSamples; s++)
        {
            var walkX = _walkX.AsSpan(s * n, n);
            var walkY = _walkY.AsSpan(s * n, n);
            float x = xs[s], y = ys[s];
            for (var i = 0; i < n; i++)
            {
                walkX[i] = x;
                walkY[i] = y;
                x += ux;
                y += uy;
            }
        }

        var width = Vector256.Create(w);
        var low = Vector256.Create(0xFF);
        fixed (byte* origin = pixels)
        fixed (float* wx = _walkX, wy = _walkY)
        {
            var below = (int*)(origin + w);
            for (var start = 0; start < n; start += Vector256<float>.Count)
            {
                var i = Math.Min(start, n - Vector256<float>.Count);
                var sum = Vector256<float>.Zero;
                for (var s = 0; s < subSamples; s++)
                {
                    var x = Avx.LoadVector256(wx + (s * n) + i);
                    var y = Avx.LoadVector256(wy + (s * n) + i);
                    var x0 = Avx.ConvertToVector256Int32WithTruncation(x);
                    var y0 = Avx.ConvertToVector256Int32WithTruncation(y);
                    var fx = x - Avx.ConvertToVector256Single(x0);
                    var fy = y - Avx.ConvertToVector256Single(y0);
                    var at = Avx2.MultiplyLow(y0, width) + x0;
                    var top = Avx2.GatherVector256((int*)origin, at, 1);
                    var bottom = Avx2.GatherVector256(below, at, 1);
                    var p00 = Avx.ConvertToVector256Single(top & low);
                    var p01 = Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(top, 8) & low);
                    var p10 = Avx.ConvertToVector256Single(bottom & low);
                    var p11 = Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(bottom, 8) & low);
                    var upper = p00 + (fx * (p01 - p00));
                    var lower = p10 + (fx * (p11 - p10));
                    var value = upper + (fy * (lower - upper));
                    sum = s == 0 ? value : sum + value;
                }

                sum.StoreUnsafe(ref MemoryMarshal.GetReference(row), (nuint)i);
            }
        }
    }

    // One row of a patch wholly inside the image: every corner read is in bounds by the caller's reach test. The
    // common 2 x 2 supersampling keeps its four walks in registers.
    private static void SampleRowInside(byte[] pixels, int w, Span<float> row, Span<float> xs, Span<float> ys, float ux, float uy)
    {
        ref var origin = ref MemoryMarshal.GetArrayDataReference(pixels);
        if (xs.Length == 4)
        {
            float xa = xs[0], xb = xs[1], xc = xs[2], xd = xs[3];
            float ya = ys[0], yb = ys[1], yc = ys[2], yd = ys[3];
            for (var i = 0; i < row.Length; i++)
            {
                var sum = BilinearAt(ref origin, w, xa, ya);
                sum += BilinearAt(ref origin, w, xb, yb);
                sum += BilinearAt(ref origin, w, xc, yc);
                sum += BilinearAt(ref origin, w, xd, yd);
                row[i] = sum;
                xa += ux;
                xb += ux;
                xc += ux;
                xd += ux;
                ya += uy;
                yb += uy;
                yc += uy;
                yd += uy;
            }

            return;
        }

        for (var i = 0; i < row.Length; i++)
        {
            float sum = 0;
            for (var s = 0; s < xs.Length; s++)
            {
                sum += BilinearAt(ref origin, w, xs[s], ys[s]);
                xs[s] += ux;
                ys[s] += uy;
            }

            row[i] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float BilinearAt(ref byte origin, int w, float x, float y)
    {
        var x0 = (int)x;
        var y0 = (int)y;
        var fx = x - x0;
        var fy = y - y0;
        ref var at = ref Unsafe.Add(ref origin, (y0 * w) + x0);
        float p00 = at, p01 = Unsafe.Add(ref at, 1), p10 = Unsafe.Add(ref at, w), p11 = Unsafe.Add(ref at, w + 1);
        var top = p00 + (fx * (p01 - p00));
        var bottom = p10 + (fx * (p11 - p10));
        return top + (fy * (bottom - top));
    }

    private static float Bilinear(byte[] pixels, int w, int h, float x, float y)
    {
        x = Math.Clamp(x, 0, w - 1);
        y = Math.Clamp(y, 0, h - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, w - 1);
        var y1 = Math.Min(y0 + 1, h - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = pixels[(y0 * w) + x0] + (fx * (pixels[(y0 * w) + x1] - pixels[(y0 * w) + x0]));
        var bottom = pixels[(y1 * w) + x0] + (fx * (pixels[(y1 * w) + x1] - pixels[(y1 * w) + x0]));
        return top + (fy * (bottom - top));
    }
}
