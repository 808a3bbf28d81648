using System.Numerics.Tensors;
using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;

namespace FerEdge.Vision.Perception;

/// <summary>
/// Predicts the box dlib's HOG face detector would draw around a face from that face's 68 landmarks, so a shape
/// fitted in an approximate box can be refitted in a box closer to the one dlib's landmark model was trained on.
/// </summary>
/// <remarks>
/// <para>
/// dlib's HOG boxes are close to a fixed function of the landmark layout (the detector was trained on boxes drawn
/// around the same facial extent), so a linear model in the landmark positions predicts them better than any
/// mapping from the detector's six keypoints. Features: the <see cref="FeaturePoints"/> relative to their centroid
/// c, in units of their RMS distance r from c, plus a constant. Targets: the HOG box centre minus c (x, y) and its
/// side, in units of r. Fitted by ridge regression with <c>fer-train frontend-calibrate</c>.
/// </para>
/// <para>Stateless, thread-safe and allocation-free.</para>
/// </remarks>
public static class LandmarkBoxRefinement
{
    /// <summary>The 68-point indices the model reads: jaw, brows, eye corners, nose, mouth corners and lower lip.</summary>
    public static ReadOnlySpan<int> FeaturePoints =>
    [
        0, 4, 8, 12, 16,
        17, 19, 21, 22, 24, 26,
        36, 39, 42, 45,
        27, 30, 33,
        48, 54, 57,
    ];

    /// <summary>Number of features: a constant, then x and y of each feature point.</summary>
    public static int FeatureCount => 1 + (2 * FeaturePoints.Length);

    // Ridge fit on dlib's own (HOG box, landmarks) pairs from faces-in-the-wild (the "fixed-point" map: a shape that
    // already matches dlib's maps back to the HOG box it came from); measured on the shared videos, which it never saw.
    // Refit with `dotnet run --project tools/FerEdge.Training -c Release -- frontend-calibrate`, which prints these.
    private static ReadOnlySpan<float> CenterXCoefficients => [-0.20885f, -0.093753f, -0.012066f, 0.062544f, 0.101956f, -0.082739f, -0.151261f, -0.046089f, 0.289234f, -0.099294f, -0.306241f, -0.024222f, 0.085732f, -0.038921f, -0.110081f, 0.040193f, -0.164148f, 0.185411f, 0.157399f, -0.159426f, -0.020664f, 0.107583f, 0.218322f, 0.079352f, -0.009623f, 0.040483f, 0.099434f, 0.109654f, 0.161892f, 0.059035f, -0.144575f, -0.09957f, -0.199559f, -0.163853f, -0.014309f, 0.082841f, -0.042325f, -0.050646f, 0.009368f, -0.073083f, -0.037588f, 0.164496f, 0.089113f];

    private static ReadOnlySpan<float> CenterYCoefficients => [-0.508923f, 0.013553f, -0.143308f, -0.034302f, -0.004393f, 0.1088f, -0.004724f, 0.067393f, 0.094578f, -0.152588f, -0.1556f, -0.289826f, 0.135353f, 0.110641f, -0.060946f, -0.025004f, 0.019561f, 0.222623f, 0.058994f, -0.091496f, -0.171986f, 0.22824f, 0.17125f, -0.071609f, -0.014437f, -0.07571f, 0.222766f, 0.17067f, 0.287861f, 0.124111f, -0.053865f, -0.065547f, -0.379638f, -0.070633f, 0.284099f, -0.039692f, -0.4283f, -0.028284f, 0.082245f, -0.055719f, 0.058746f, -0.045626f, 0.001752f];

    private static ReadOnlySpan<float> SideCoefficients => [1.107578f, 0.161617f, 0.170237f, -0.672706f, 0.015755f, -0.046353f, 0.064074f, 0.142055f, -0.283236f, 0.395663f, 0.042565f, 0.311673f, -0.496458f, -0.293177f, 0.106655f, 0.208472f, 0.157246f, -0.52564f, -0.04388f, 0.146781f, 0.140542f, -0.284036f, -0.602613f, -0.105628f, 0.397194f, 0.164705f, -0.414072f, -0.141287f, -0.540632f, 0.241844f, 0.519931f, 0.113835f, 0.184792f, 0.114836f, -0.280454f, -0.138438f, 0.686795f, -0.117315f, 0.225638f, 0.312655f, 0.257766f, 0.010462f, -0.307856f];

    /// <summary>
    /// Writes the features of <paramref name="shape"/> (68 points as x0, y0, ...) into <paramref name="features"/>
    /// and returns the landmark frame: centroid (x, y) and RMS radius, pixels.
    /// </summary>
    /// <exception cref="ArgumentException">The shape or the feature buffer is too short, or the shape is degenerate.</exception>
    public static (float CenterX, float CenterY, float Radius) Features(ReadOnlySpan<float> shape, Span<float> features)
    {
        var points = FeaturePoints;
        if (shape.Length < 2 * Face68.PointCount)
        {
            throw new ArgumentException($"A 68-point shape needs {2 * Face68.PointCount} values, got {shape.Length}.", nameof(shape));
        }

        if (features.Length < FeatureCount)
        {
            throw new ArgumentException($"Need room for {FeatureCount} features, got {features.Length}.", nameof(features));
        }

        float cx = 0, cy = 0;
        foreach (var i in points)
        {
            cx += shape[2 * i];
            cy += shape[(2 * i) + 1];
        }

        cx /= points.Length;
        cy /= points.Length;
        var sq = 0f;
        foreach (var i in points)
        {
            var dx = shape[2 * i] - cx;
            var dy = shape[(2 * i) + 1] - cy;
            sq += (dx * dx) + (dy * dy);
        }

        var r = MathF.Sqrt(sq / points.Length);
        if (!(r > 0f) || !float.IsFinite(r))
        {
            throw new ArgumentException("The shape is degenerate (its points do not spread) or not finite.", nameof(shape));
        }

        var inv = 1f / r;
        features[0] = 1f;
        for (var k = 0; k < points.Length; k++)
        {
            features[1 + (2 * k)] = (shape[2 * points[k]] - cx) * inv;
            features[2 + (2 * k)] = (shape[(2 * points[k]) + 1] - cy) * inv;
        }

        return (cx, cy, r);
    }

    /// <summary>The predicted HOG box (square, frame pixels) for a fitted shape, with the shipped coefficients.</summary>
    public static BoxF Apply(ReadOnlySpan<float> shape) => Apply(shape, CenterXCoefficients, CenterYCoefficients, SideCoefficients);

    /// <summary>The predicted HOG box for a fitted shape with explicit coefficients (for refitting).</summary>
    public static BoxF Apply(ReadOnlySpan<float> shape, ReadOnlySpan<float> centerX, ReadOnlySpan<float> centerY, ReadOnlySpan<float> side)
    {
        Span<float> f = stackalloc float[FeatureCount];
        var (cx, cy, r) = Features(shape, f);
        var x = cx + (Dot(f, centerX) * r);
        var y = cy + (Dot(f, centerY) * r);
        var size = Dot(f, side) * r;
        return new BoxF(x - (size / 2f), y - (size / 2f), size, size);
    }

    /// <summary>The predicted HOG box as dlib's inclusive integer rectangle.</summary>
    public static DlibRect ModelBox(ReadOnlySpan<float> shape) => DlibBoxCalibration.ToDlibRect(Apply(shape));

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (b.Length != a.Length)
        {
            throw new ArgumentException($"Expected {a.Length} coefficients, got {b.Length}.", nameof(b));
        }

        return TensorPrimitives.Dot(a, b);
    }
}
