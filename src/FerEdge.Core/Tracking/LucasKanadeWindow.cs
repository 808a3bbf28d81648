using System.Runtime.Intrinsics;

namespace FerEdge.Core.Tracking;

/// <summary>
/// The per-window arithmetic of <see cref="PyramidalLucasKanade"/> in OpenCV's fixed point: 14-bit bilinear weights,
/// intensities kept with 5 fraction bits (pixel * 32), gradients rounded back to Scharr units, products summed
/// exactly in 64 bits and scaled by 2^-20 as OpenCV's float sums are.
/// </summary>
/// <remarks>
/// Owns the patch buffers of one tracker, so it is not thread-safe. Callers guarantee that every window they pass
/// (top-left corner plus one pixel for interpolation) lies inside the level's margin; the loops read through raw
/// pointers without bounds tests for that reason. Patch rows are padded to whole 16-pixel blocks with zero
/// gradients, so the vectorised mismatch loop runs over whole blocks: padding columns contribute nothing, and the
/// image reads they cause stay inside the level's margin or its <see cref="ImagePyramid.Level.Slack"/>.
/// </remarks>
internal sealed class LucasKanadeWindow
{
    public const int WeightBits = 14;
    private const int IntensityShift = WeightBits - 5;
    private const int IntensityRound = 1 << (IntensityShift - 1);
    private const int GradientRound = 1 << (WeightBits - 1);
    private const float SumScale = 1f / (1 << 20);

    private const int Block = 16;

    private readonly int _width;
    private readonly int _height;
    private readonly int _rowStride;
    private readonly short[] _patch;
    private readonly short[] _patchDx;
    private readonly short[] _patchDy;

    public LucasKanadeWindow(int width, int height)
    {
        _width = width;
        _height = height;
        _rowStride = (width + Block - 1) / Block * Block;
        _patch = new short[_rowStride * height];
        _patchDx = new short[_rowStride * height];
        _patchDy = new short[_rowStride * height];
    }

    /// <summary>
    /// Samples the window of I with top-left (ix, iy) + fraction into the patch buffers and returns the gradient
    /// matrix [a11 a12; a12 a22].
    /// </summary>
    public unsafe void Sample(ImagePyramid.Level l, int ix, int iy, int w00, int w01, int w10, int w11, out float a11, out float a12, out float a22)
    {
        var stride = l.Stride;
        var start = l.Origin + (iy * stride) + ix;
        long s11 = 0, s12 = 0, s22 = 0;
        fixed (byte* image = l.Image)
        fixed (short* gxPlane = l.GradientX, gyPlane = l.GradientY)
        fixed (short* patch = _patch, pdx = _patchDx, pdy = _patchDy)
        {
            for (var y = 0; y < _height; y++)
            {
                var o = start + (y * stride);
                byte* r0 = image + o, r1 = r0 + stride;
                short* x0 = gxPlane + o, x1 = x0 + stride;
                short* y0 = gyPlane + o, y1 = y0 + stride;
                var p = y * _rowStride;
                long t11 = 0, t12 = 0, t22 = 0;
                for (var x = 0; x < _width; x++)
                {
                    patch[p + x] = (short)(((r0[x] * w00) + (r0[x + 1] * w01) + (r1[x] * w10) + (r1[x + 1] * w11) + IntensityRound) >> IntensityShift);
                    var gx = ((x0[x] * w00) + (x0[x + 1] * w01) + (x1[x] * w10) + (x1[x + 1] * w11) + GradientRound) >> WeightBits;
                    var gy = ((y0[x] * w00) + (y0[x + 1] * w01) + (y1[x] * w10) + (y1[x + 1] * w11) + GradientRound) >> WeightBits;
                    pdx[p + x] = (short)gx;
                    pdy[p + x] = (short)gy;

                    // Each product fits in int32 (|g| <= 4080); a window's sum may not, so sums are 64-bit.
                    t11 += gx * gx;
                    t12 += gx * gy;
                    t22 += gy * gy;
                }

                s11 += t11;
                s12 += t12;
                s22 += t22;
            }
        }

        a11 = s11 * SumScale;
        a12 = s12 * SumScale;
        a22 = s22 * SumScale;
    }

    /// <summary>The mismatch vector b = Σ (J - I) ∇I over the window of J with top-left (ix, iy) + fraction.</summary>
    /// <remarks>Runs once per iteration, so it is vectorised: 16 pixels per step in 32-bit lanes (128-bit vectors,
    /// so the same code serves SSE and NEON). Integer arithmetic, so the result equals the scalar one exactly.</remarks>
    public unsafe void Mismatch(ImagePyramid.Level l, int ix, int iy, int w00, int w01, int w10, int w11, out float b1, out float b2)
    {
        var stride = l.Stride;
        var start = l.Origin + (iy * stride) + ix;
        var q00 = Vector128.Create(w00);
        var q01 = Vector128.Create(w01);
        var q10 = Vector128.Create(w10);
        var q11 = Vector128.Create(w11);
        var round = Vector128.Create(IntensityRound);
        long s1 = 0, s2 = 0;
        fixed (byte* image = l.Image)
        fixed (short* patch = _patch, pdx = _patchDx, pdy = _patchDy)
        {
            for (var y = 0; y < _height; y++)
            {
                byte* r0 = image + start + (y * stride), r1 = r0 + stride;
                var p = y * _rowStride;
                var t1 = Vector128<int>.Zero;
                var t2 = Vector128<int>.Zero;
                for (var x = 0; x < _rowStride; x += Block)
                {
                    var (top0, top1) = Vector128.Widen(Vector128.Load(r0 + x));
                    var (topRight0, topRight1) = Vector128.Widen(Vector128.Load(r0 + x + 1));
                    var (bottom0, bottom1) = Vector128.Widen(Vector128.Load(r1 + x));
                    var (bottomRight0, bottomRight1) = Vector128.Widen(Vector128.Load(r1 + x + 1));
                    var o = p + x;
                    Accumulate(top0, topRight0, bottom0, bottomRight0, Vector128.Load(patch + o), Vector128.Load(pdx + o), Vector128.Load(pdy + o), q00, q01, q10, q11, round, ref t1, ref t2);
                    Accumulate(top1, topRight1, bottom1, bottomRight1, Vector128.Load(patch + o + 8), Vector128.Load(pdx + o + 8), Vector128.Load(pdy + o + 8), q00, q01, q10, q11, round, ref t1, ref t2);
                }

                // A lane sums rowStride / 8 products of |diff| <= 8160 and |g| <= 4080 per row: int32 holds 64 of
                // them, far more than the 64-pixel window limit of LucasKanadeOptions allows.
                s1 += Vector128.Sum(t1);
                s2 += Vector128.Sum(t2);
            }
        }

        b1 = s1 * SumScale;
        b2 = s2 * SumScale;
    }

    // Eight pixels: bilinear J in 32-bit lanes, minus the stored I patch, times the stored gradients.
    private static void Accumulate(
        Vector128<ushort> a,
        Vector128<ushort> b,
        Vector128<ushort> c,
        Vector128<ushort> d,
        Vector128<short> patch,
        Vector128<short> gx,
        Vector128<short> gy,
        Vector128<int> w00,
        Vector128<int> w01,
        Vector128<int> w10,
        Vector128<int> w11,
        Vector128<int> round,
        ref Vector128<int> t1,
        ref Vector128<int> t2)
    {
        var (a0, a1) = Vector128.Widen(a);
        var (b0, b1) = Vector128.Widen(b);
        var (c0, c1) = Vector128.Widen(c);
        var (d0, d1) = Vector128.Widen(d);
        var (i0, i1) = Vector128.Widen(patch);
        var (x0, x1) = Vector128.Widen(gx);
        var (y0, y1) = Vector128.Widen(gy);
        var j0 = Vector128.ShiftRightArithmetic((a0.AsInt32() * w00) + (b0.AsInt32() * w01) + (c0.AsInt32() * w10) + (d0.AsInt32() * w11) + round, IntensityShift);
        var j1 = Vector128.ShiftRightArithmetic((a1.AsInt32() * w00) + (b1.AsInt32() * w01) + (c1.AsInt32() * w10) + (d1.AsInt32() * w11) + round, IntensityShift);
        var diff0 = j0 - i0;
        var diff1 = j1 - i1;
        t1 += (diff0 * x0) + (diff1 * x1);
        t2 += (diff0 * y0) + (diff1 * y1);
    }

    /// <summary>Σ |J - I| over the window of J with top-left (ix, iy) + fraction, in 1/32 intensity steps.</summary>
    public unsafe long AbsoluteDifference(ImagePyramid.Level l, int ix, int iy, int w00, int w01, int w10, int w11)
    {
        var stride = l.Stride;
        var start = l.Origin + (iy * stride) + ix;
        long sum = 0;
        fixed (byte* image = l.Image)
        fixed (short* patch = _patch)
        {
            for (var y = 0; y < _height; y++)
            {
                byte* r0 = image + start + (y * stride), r1 = r0 + stride;
                var p = y * _rowStride;
                for (var x = 0; x < _width; x++)
                {
                    var v = ((r0[x] * w00) + (r0[x + 1] * w01) + (r1[x] * w10) + (r1[x + 1] * w11) + IntensityRound) >> IntensityShift;
                    sum += Math.Abs(v - patch[p + x]);
                }
            }
        }

        return sum;
    }
}
