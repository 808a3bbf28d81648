using FerEdge.Core.Geometry;

namespace FerEdge.Core.Landmarks;

/// <summary>
/// The affine map from the unit square of a face box to image pixels, computed bit for bit as dlib 19.24 computes
/// <c>unnormalizing_tform(rect)</c> on x64 Linux.
/// </summary>
/// <remarks>
/// dlib fits the map through a pseudo-inverse: with P the corners (0,0), (1,0), (1,1) as homogeneous columns and Q the
/// box corners tl, tr, br (br is (right, bottom), inclusive), it takes Q * pinv(P). pinv(P) comes from LAPACK's SVD
/// and carries rounding (entries like 1 + 2^-51, -1.1e-15), so the map is not exactly
/// (left + x * (right - left), top + y * (bottom - top)). Those last bits decide how dlib rounds feature pixels that
/// land on a half-pixel, so they are reproduced: the constants are the entries of pinv(P) that dlib obtains, and the
/// product is the fused multiply-add chain that its BLAS (OpenBLAS) dgemm evaluates.
/// </remarks>
internal readonly struct BoxTransform
{
    // pinv(P) row-major, as dlib's LAPACK/OpenBLAS build computes it.
    private static readonly double P00 = -1.0;
    private static readonly double P01 = BitConverter.Int64BitsToDouble(unchecked((long)0xBCC41D6AEF718946));
    private static readonly double P02 = BitConverter.Int64BitsToDouble(0x3FF0000000000002);
    private static readonly double P10 = BitConverter.Int64BitsToDouble(0x3FF0000000000001);
    private static readonly double P11 = -1.0;
    private static readonly double P12 = BitConverter.Int64BitsToDouble(unchecked((long)0xBC74217598F73060));
    private static readonly double P20 = BitConverter.Int64BitsToDouble(unchecked((long)0xBCAF0C277A9F69F3));
    private static readonly double P21 = BitConverter.Int64BitsToDouble(0x3FF0000000000002);
    private static readonly double P22 = BitConverter.Int64BitsToDouble(unchecked((long)0xBC86FA94B1D61FCA));

    public BoxTransform(DlibRect box)
    {
        double l = box.Left, t = box.Top, r = box.Right, b = box.Bottom;

        // Q = [[l, r, r], [t, t, b]]; entry (i, j) of Q * pinv(P) is the chain fma(Q[i,2], P[2,j], fma(Q[i,1], P[1,j], Q[i,0] * P[0,j])).
        M00 = Math.FusedMultiplyAdd(r, P20, Math.FusedMultiplyAdd(r, P10, l * P00));
        M01 = Math.FusedMultiplyAdd(r, P21, Math.FusedMultiplyAdd(r, P11, l * P01));
        Bx = Math.FusedMultiplyAdd(r, P22, Math.FusedMultiplyAdd(r, P12, l * P02));
        M10 = Math.FusedMultiplyAdd(b, P20, Math.FusedMultiplyAdd(t, P10, t * P00));
        M11 = Math.FusedMultiplyAdd(b, P21, Math.FusedMultiplyAdd(t, P11, t * P01));
        By = Math.FusedMultiplyAdd(b, P22, Math.FusedMultiplyAdd(t, P12, t * P02));
    }

    public double M00 { get; }

    public double M01 { get; }

    public double M10 { get; }

    public double M11 { get; }

    public double Bx { get; }

    public double By { get; }

    /// <summary>x of the mapped point, evaluated as dlib's <c>m * p + b</c> (products summed, then the offset).</summary>
    public double MapX(double x, double y) => (M00 * x) + (M01 * y) + Bx;

    /// <summary>y of the mapped point, evaluated as dlib's <c>m * p + b</c>.</summary>
    public double MapY(double x, double y) => (M10 * x) + (M11 * y) + By;
}
