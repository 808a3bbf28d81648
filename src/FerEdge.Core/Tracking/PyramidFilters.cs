using System.Numerics;

namespace FerEdge.Core.Tracking;

/// <summary>
/// The two filters of <see cref="ImagePyramid"/>, bit-exact with OpenCV: Scharr gradients and pyrDown. Both read
/// the level's reflect-101 margin instead of testing borders, so the margin must be filled first.
/// </summary>
internal static class PyramidFilters
{
    // Scharr over the reflect-101 margin equals OpenCV's calcSharrDeriv, which mirrors rows and columns the same way.
    // Vectorised over x in 16-bit lanes (|dx|, |dy| <= 16 * 255 fits), scalar for the tail of each row.
    public static void Scharr(ImagePyramid.Level l)
    {
        ReadOnlySpan<byte> img = l.Image;
        var stride = l.Stride;
        var lanes = Vector<byte>.Count;
        var three = new Vector<short>(3);
        var ten = new Vector<short>(10);
        for (var y = 0; y < l.Height; y++)
        {
            var c = l.Origin + (y * stride);
            var up = img.Slice(c - stride - 1, l.Width + 2);
            var mid = img.Slice(c - 1, l.Width + 2);
            var down = img.Slice(c + stride - 1, l.Width + 2);
            var gx = l.GradientX.AsSpan(c, l.Width);
            var gy = l.GradientY.AsSpan(c, l.Width);
            var x = 0;
            for (; x + lanes + 2 <= up.Length; x += lanes)
            {
                Widen(up.Slice(x), out var ul0, out var ul1);
                Widen(up.Slice(x + 1), out var uc0, out var uc1);
                Widen(up.Slice(x + 2), out var ur0, out var ur1);
                Widen(mid.Slice(x), out var ml0, out var ml1);
                Widen(mid.Slice(x + 2), out var mr0, out var mr1);
                Widen(down.Slice(x), out var dl0, out var dl1);
                Widen(down.Slice(x + 1), out var dc0, out var dc1);
                Widen(down.Slice(x + 2), out var dr0, out var dr1);
                var half = lanes / 2;
                ((three * (ur0 + dr0 - ul0 - dl0)) + (ten * (mr0 - ml0))).CopyTo(gx.Slice(x));
                ((three * (ur1 + dr1 - ul1 - dl1)) + (ten * (mr1 - ml1))).CopyTo(gx.Slice(x + half));
                ((three * (dl0 + dr0 - ul0 - ur0)) + (ten * (dc0 - uc0))).CopyTo(gy.Slice(x));
                ((three * (dl1 + dr1 - ul1 - ur1)) + (ten * (dc1 - uc1))).CopyTo(gy.Slice(x + half));
            }

            for (; x < l.Width; x++)
            {
                gx[x] = (short)((3 * (up[x + 2] + down[x + 2] - up[x] - down[x])) + (10 * (mid[x + 2] - mid[x])));
                gy[x] = (short)((3 * (down[x] + down[x + 2] - up[x] - up[x + 2])) + (10 * (down[x + 1] - up[x + 1])));
            }
        }
    }

    private static void Widen(ReadOnlySpan<byte> source, out Vector<short> low, out Vector<short> high)
    {
        Vector.Widen(new Vector<byte>(source), out var lo, out var hi);
        low = Vector.AsVectorInt16(lo);
        high = Vector.AsVectorInt16(hi);
    }

    // The source margin already holds the reflect-101 values pyrDown needs (2 pixels each side), so the filter reads
    // straight through it: first the vertical [1 4 6 4 1] sum per source column (vectorised; at most 16 * 255, so
    // 16-bit lanes hold it), then the horizontal one on every second column.
    public static void PyrDown(ImagePyramid.Level src, ImagePyramid.Level dst)
    {
        ReadOnlySpan<byte> s = src.Image;
        var sums = src.ColumnSums.AsSpan();
        var stride = src.Stride;
        var cols = src.Width + 4;
        var lanes = Vector<byte>.Count;
        var four = new Vector<ushort>(4);
        var six = new Vector<ushort>(6);
        for (var y = 0; y < dst.Height; y++)
        {
            var r2 = src.Origin + (2 * y * stride) - 2;
            var r0 = s.Slice(r2 - (2 * stride), cols);
            var r1 = s.Slice(r2 - stride, cols);
            var rc = s.Slice(r2, cols);
            var r3 = s.Slice(r2 + stride, cols);
            var r4 = s.Slice(r2 + (2 * stride), cols);
            var x = 0;
            for (; x + lanes <= cols; x += lanes)
            {
                Vector.Widen(new Vector<byte>(r0.Slice(x)), out var a0, out var a1);
                Vector.Widen(new Vector<byte>(r1.Slice(x)), out var b0, out var b1);
                Vector.Widen(new Vector<byte>(rc.Slice(x)), out var c0, out var c1);
                Vector.Widen(new Vector<byte>(r3.Slice(x)), out var d0, out var d1);
                Vector.Widen(new Vector<byte>(r4.Slice(x)), out var e0, out var e1);
                (a0 + e0 + (four * (b0 + d0)) + (six * c0)).CopyTo(sums.Slice(x));
                (a1 + e1 + (four * (b1 + d1)) + (six * c1)).CopyTo(sums.Slice(x + (lanes / 2)));
            }

            for (; x < cols; x++)
            {
                sums[x] = (ushort)(r0[x] + r4[x] + (4 * (r1[x] + r3[x])) + (6 * rc[x]));
            }

            var d = dst.Image.AsSpan(dst.Origin + (y * dst.Stride), dst.Width);
            for (var i = 0; i < d.Length; i++)
            {
                var k = 2 * i; // sums[k + 2] is source column 2i
                var v = sums[k] + sums[k + 4] + (4 * (sums[k + 1] + sums[k + 3])) + (6 * sums[k + 2]);
                d[i] = (byte)((v + 128) >> 8);
            }
        }
    }
}
