using System.Numerics.Tensors;
using FerEdge.Core.Geometry;

namespace FerEdge.Core.Detection;

/// <summary>
/// Maps a BlazeFace detection to the box dlib's HOG frontal face detector would draw around the same face, which is
/// the box dlib's 68-point shape predictor was trained on.
/// </summary>
/// <remarks>
/// A linear model on features of the detection in units of its box size s = (width + height) / 2, relative to the box
/// centre c: 1, the eye midpoint minus c (x, y), the mouth minus c (x, y) and the inter-ocular distance. (The
/// eye-to-mouth distance was tried too: nearly collinear with the vertical offsets, it inflated the coefficients and
/// slightly lowered held-out IoU.) It predicts the HOG box centre offset from c (x, y, in units of s) and the HOG box
/// side in units of s. Stateless: thread-safe, allocation-free.
/// </remarks>
public static class DlibBoxCalibration
{
    /// <summary>Number of features per detection (the first is the constant 1).</summary>
    public const int FeatureCount = 6;

    // Fitted by least squares on BlazeFace front-model detections paired with dlib HOG boxes on identical gray frames:
    // faces-in-the-wild images with even index plus every frame of single_face.mp4 (docs/detection.md has the data
    // and errors on the held-out part). Refit with:
    //   dotnet run --project tools/FerEdge.Training -c Release -- detect-calibrate
    // which prints these arrays.
    private static readonly float[] CenterXCoefficients = [-0.57352f, 0.647785f, -0.864796f, 0.382245f, 0.677826f, 0.522607f];
    private static readonly float[] CenterYCoefficients = [-0.24058f, 0.172342f, 0.852034f, -0.02875f, 0.258008f, 0.826155f];
    private static readonly float[] SideCoefficients = [2.983634f, 0.068687f, 3.610797f, -0.000526f, -3.59403f, -1.014938f];

    /// <summary>Writes the <see cref="FeatureCount"/> features of <paramref name="face"/> into <paramref name="features"/>.</summary>
    public static void Features(in FaceDetection face, Span<float> features)
    {
        if (features.Length < FeatureCount)
        {
            throw new ArgumentException($"Need room for {FeatureCount} features, got {features.Length}.", nameof(features));
        }

        var box = face.Box;
        var s = (box.Width + box.Height) / 2f;
        if (!(s > 0f))
        {
            throw new ArgumentException($"The detection box {box} has no size.", nameof(face));
        }

        var inv = 1f / s;
        var eyeX = (face.RightEye.X + face.LeftEye.X) / 2f;
        var eyeY = (face.RightEye.Y + face.LeftEye.Y) / 2f;
        features[0] = 1f;
        features[1] = (eyeX - box.CenterX) * inv;
        features[2] = (eyeY - box.CenterY) * inv;
        features[3] = (face.Mouth.X - box.CenterX) * inv;
        features[4] = (face.Mouth.Y - box.CenterY) * inv;
        features[5] = Distance(face.RightEye.X, face.RightEye.Y, face.LeftEye.X, face.LeftEye.Y) * inv;
    }

    /// <summary>The predicted HOG box (square, in frame pixels) for <paramref name="face"/>, with the shipped coefficients.</summary>
    public static BoxF Apply(in FaceDetection face) =>
        Apply(face, CenterXCoefficients, CenterYCoefficients, SideCoefficients);

    /// <summary>The predicted HOG box for <paramref name="face"/> with explicit coefficients (for refitting).</summary>
    public static BoxF Apply(in FaceDetection face, ReadOnlySpan<float> centerX, ReadOnlySpan<float> centerY, ReadOnlySpan<float> side)
    {
        Span<float> f = stackalloc float[FeatureCount];
        Features(face, f);
        var s = (face.Box.Width + face.Box.Height) / 2f;
        var cx = face.Box.CenterX + (Dot(f, centerX) * s);
        var cy = face.Box.CenterY + (Dot(f, centerY) * s);
        var size = Dot(f, side) * s;
        return new BoxF(cx - (size / 2f), cy - (size / 2f), size, size);
    }

    /// <summary>The predicted HOG box as dlib's inclusive integer rectangle.</summary>
    public static DlibRect ToDlibRect(in FaceDetection face) => ToDlibRect(Apply(face));

    /// <summary>Rounds a box to dlib's inclusive integer rectangle (width = right - left + 1).</summary>
    public static DlibRect ToDlibRect(BoxF box)
    {
        var left = (int)MathF.Round(box.X);
        var top = (int)MathF.Round(box.Y);
        return new DlibRect(left, top, left + (int)MathF.Round(box.Width) - 1, top + (int)MathF.Round(box.Height) - 1);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (b.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} coefficients, got {b.Length}.", nameof(b));
        }

        return TensorPrimitives.Dot(a, b);
    }

    private static float Distance(float x0, float y0, float x1, float y1)
    {
        var dx = x1 - x0;
        var dy = y1 - y0;
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }
}
