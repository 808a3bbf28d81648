using System.Runtime.Intrinsics;

namespace FerEdge.Core.Tracking;

/// <summary>
/// The per-window arithmetic of <see cref="PyramidalLucasKanade"/> in OpenCV's fixed point: 14-bit bilinear weights,
/// intensities kept with 5 fraction bits (pixel * 32), gradients rounded back to Scharr units, products summed
/// exactly in 64 bits and scaled by 2^-20 as OpenCV's float sums are.
/// </summary>
/// <remarks>
/// Owns the patch buffers of one tracker, so it is not thread-safe. Windows are placed in frame coordinates of the
/// level; callers guarantee that every window they pass (top-left corner plus one pixel for interpolation) lies
/// inside the margin of the level's built region; the loops read through raw
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
    private readonly int[] _columnMask;

    public LucasKanadeWindow(int width, int height)
    {
        _width = width;
        _height = height;
        _rowStride = (width + Block - 1) / Block * Block;
        _patch = new short[_rowStride * height];
        _patchDx = new short[_rowStride * height];
        _patchDy = new short[_rowStride * height];
        _columnMask = new int[_rowStride];
        _columnMask.AsSpan(0, width).Fill(-1);
    }

    /// <summary>
    /// Samples the window of I with top-left (ix, iy) + fraction into the patch buffers and returns the gradient
    /// matrix [a11 a12; a12 a22]. Vectorised like <see cref="Mismatch"/>; padding columns get zero gradients.
    /// </summary>
    public unsafe void Sample(ImagePyramid.Level l, int ix, int iy, int w00, int w01, int w10, int w11, out float a11, out float a12, out float a22)
    {
        var stride = l.Stride;
        var start = l.Base + (iy * stride) + ix;
        var w = new Weights(w00, w01, w10, w11);
        long s11 = 0, s12 = 0, s22 = 0;
        fixed (byte* image = l.Image)
        fixed (short* gxPlane = l.GradientX, gyPlane = l.GradientY)
        fixed (short* patch = _patch, pdx = _patchDx, pdy = _patchDy)
        fixed (int* mask = _columnMask)
        {
            for (var y = 0; y < _height; y++)
            {
                var o = start + (y * stride);
                byte* r0 = image + o, r1 = r0 + stride;
                short* x0 = gxPlane + o, x1 = x0 + stride;
                short* y0 = gyPlane + o, y1 = y0 + stride;
                var p = y * _rowStride;
                var t11 = Vector128<int>.Zero;
                var t12 = Vector128<int>.Zero;
                var t22 = Vector128<int>.Zero;
                for (var x = 0; x < _rowStride; x += Block)
                {
                    var (top0, top1) = Vector128.Widen(Vector128.Load(r0 + x));
                    var (topRight0, topRight1) = Vector128.Widen(Vector128.Load(r0 + x + 1));
                    var (bottom0, bottom1) = Vector128.Widen(Vector128.Load(r1 + x));
                    var (bottomRight0, bottomRight1) = Vector128.Widen(Vector128.Load(r1 + x + 1));
                    var i0 = Bilinear(top0.AsInt16(), topRight0.AsInt16(), bottom0.AsInt16(), bottomRight0.AsInt16(), w, IntensityRound, IntensityShift);
                    var i1 = Bilinear(top1.AsInt16(), topRight1.AsInt16(), bottom1.AsInt16(), bottomRight1.AsInt16(), w, IntensityRound, IntensityShift);
                    i0.Store(patch + p + x);
                    i1.Store(patch + p + x + 8);
                    for (var h = 0; h < Block; h += 8)
                    {
                        var c = x + h;
                        var m = Vector128.Narrow(Vector128.Load(mask + c), Vector128.Load(mask + c + 4));
                        var gx = Bilinear(Vector128.Load(x0 + c), Vector128.Load(x0 + c + 1), Vector128.Load(x1 + c), Vector128.Load(x1 + c + 1), w, GradientRound, WeightBits) & m;
                        var gy = Bilinear(Vector128.Load(y0 + c), Vector128.Load(y0 + c + 1), Vector128.Load(y1 + c), Vector128.Load(y1 + c + 1), w, GradientRound, WeightBits) & m;
                        gx.Store(pdx + p + c);
                        gy.Store(pdy + p + c);

                        // |g| <= 4080, so each product fits int32, and a lane sums few enough of them per row.
                        var (gx0, gx1) = Vector128.Widen(gx);
                        var (gy0, gy1) = Vector128.Widen(gy);
                        t11 += (gx0 * gx0) + (gx1 * gx1);
                        t12 += (gx0 * gy0) + (gx1 * gy1);
                        t22 += (gy0 * gy0) + (gy1 * gy1);
                    }
                }

                s11 += Vector128.Sum(t11);
                s12 += Vector128.Sum(t12);
                s22 += Vector128.Sum(t22);
            }
        }

        a11 = s11 * SumScale;
        a12 = s12 * SumScale;
        a22 = s22 * SumScale;
    }

    // Eight values: (v00 w00 + v01 w01 + v10 w10 + v11 w11 + round) >> shift in 32-bit lanes, narrowed to 16 bits
    // (the results are 32 * pixel or a Scharr value, both within int16).
    private static Vector128<short> Bilinear(Vector128<short> v00, Vector128<short> v01, Vector128<short> v10, Vector128<short> v11, Weights w, int round, int shift)
    {
        var (a0, a1) = Vector128.Widen(v00);
        var (b0, b1) = Vector128.Widen(v01);
        var (c0, c1) = Vector128.Widen(v10);
        var (d0, d1) = Vector128.Widen(v11);
        var r = Vector128.Create(round);
        var lo = Vector128.ShiftRightArithmetic((a0 * w.W00) + (b0 * w.W01) + (c0 * w.W10) + (d0 * w.W11) + r, shift);
        var hi = Vector128.ShiftRightArithmetic((a1 * w.W00) + (b1 * w.W01) + (c1 * w.W10) + (d1 * w.W11) + r, shift);
        return Vector128.Narrow(lo, hi);
    }

    /// <summary>The mismatch vector b = Σ (J - I) ∇I over the window of J with top-left (ix, iy) + fraction.</summary>
    /// <remarks>Runs once per iteration, so it is vectorised: 16 pixels per step in 32-bit lanes (128-bit vectors,
    /// so the same code serves SSE and NEON). Integer arithmetic, so the result equals the scalar one exactly.</remarks>
    public unsafe void Mismatch(ImagePyramid.Level l, int ix, int iy, int w00, int w01, int w10, int w11, out float b1, out float b2)
    {
        var stride = l.Stride;
        var start = l.Base + (iy * stride) + ix;
        var w = new Weights(w00, w01, w10, w11);
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
                    var j0 = Bilinear(top0.AsInt16(), topRight0.AsInt16(), bottom0.AsInt16(), bottomRight0.AsInt16(), w, IntensityRound, IntensityShift);
                    var j1 = Bilinear(top1.AsInt16(), topRight1.AsInt16(), bottom1.AsInt16(), bottomRight1.AsInt16(), w, IntensityRound, IntensityShift);
                    Accumulate(j0 - Vector128.Load(patch + o), Vector128.Load(pdx + o), Vector128.Load(pdy + o), ref t1, ref t2);
                    Accumulate(j1 - Vector128.Load(patch + o + 8), Vector128.Load(pdx + o + 8), Vector128.Load(pdy + o + 8), ref t1, ref t2);
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

    // Eight pixels: (J - I) in 16 bits (|diff| <= 8160) times the stored gradients, summed in 32-bit lanes.
    private static void Accumulate(Vector128<short> diff, Vector128<short> gx, Vector128<short> gy, ref Vector128<int> t1, ref Vector128<int> t2)
    {
        var (d0, d1) = Vector128.Widen(diff);
        var (x0, x1) = Vector128.Widen(gx);
        var (y0, y1) = Vector128.Widen(gy);
        t1 += (d0 * x0) + (d1 * x1);
        t2 += (d0 * y0) + (d1 * y1);
    }

    /// <summary>Σ |J - I| over the window of J with top-left (ix, iy) + fraction, in 1/32 intensity steps.</summary>
    public unsafe long AbsoluteDifference(ImagePyramid.Level l, int ix, int iy, int w00, int w01, int w10, int w11)
    {
        var stride = l.Stride;
        var start = l.Base + (iy * stride) + ix;
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

    /// <summary>The four bilinear weights broadcast to 32-bit lanes.</summary>
    private readonly struct Weights(int w00, int w01, int w10, int w11)
    {
        public Vector128<int> W00 { get; } = Vector128.Create(w00);

        public Vector128<int> W01 { get; } = Vector128.Create(w01);

        public Vector128<int> W10 { get; } = Vector128.Create(w10);

        public Vector128<int> W11 { get; } = Vector128.Create(w11);
    }
}
