namespace FerEdge.Core.Landmarks;

/// <summary>
/// dlib's 68-point face layout, the one every FerEdge shape uses: its size, the eye ranges, the inter-ocular distance
/// and the left-right mirror of each point.
/// </summary>
/// <remarks>
/// Layout (0-based, "right" = the subject's right): jaw 0-16, right brow 17-21, left brow 22-26, nose bridge 27-30,
/// nose base 31-35, right eye 36-41, left eye 42-47, outer lips 48-59, inner lips 60-67. Shapes are stored
/// interleaved as x0, y0, ..., x67, y67. Stateless and thread-safe.
/// </remarks>
public static class Face68
{
    /// <summary>Number of points in the layout.</summary>
    public const int PointCount = 68;

    /// <summary>Values in one shape: x and y of every point.</summary>
    public const int ShapeLength = 2 * PointCount;

    /// <summary>First point of the subject's right eye; its six points are 36-41.</summary>
    public const int RightEyeStart = 36;

    /// <summary>First point of the subject's left eye; its six points are 42-47.</summary>
    public const int LeftEyeStart = 42;

    /// <summary>Points per eye.</summary>
    public const int EyePointCount = 6;

    private static readonly int[] MirrorIndex = BuildMirrorIndex();

    /// <summary>
    /// Distance between the eye centres (each the mean of its six points), in the shape's units.
    /// </summary>
    /// <exception cref="ArgumentException">The shape holds fewer than 68 points.</exception>
    public static float InterOcularDistance(ReadOnlySpan<float> shape)
    {
        RequireShape(shape, nameof(shape));
        float rx = 0, ry = 0, lx = 0, ly = 0;
        for (var i = 0; i < EyePointCount; i++)
        {
            rx += shape[2 * (RightEyeStart + i)];
            ry += shape[(2 * (RightEyeStart + i)) + 1];
            lx += shape[2 * (LeftEyeStart + i)];
            ly += shape[(2 * (LeftEyeStart + i)) + 1];
        }

        var dx = (lx - rx) / EyePointCount;
        var dy = (ly - ry) / EyePointCount;
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>The point <paramref name="landmark"/> becomes in the mirror image of a face (0 with 16, 36 with 45, 48 with 54...).</summary>
    public static int MirrorOf(int landmark) => MirrorIndex[landmark];

    /// <summary>
    /// Writes the mirror image of <paramref name="shape"/> about the vertical line x = <paramref name="axis"/> / 2
    /// (x becomes <paramref name="axis"/> - x; 0 mirrors about the y axis, an image's width - 1 about its centre) with
    /// the points renumbered, so that the result is again a 68-point shape of a face.
    /// </summary>
    /// <exception cref="ArgumentException">A span holds fewer than 68 points, or they overlap in place.</exception>
    public static void Mirror(ReadOnlySpan<float> shape, float axis, Span<float> mirrored)
    {
        RequireShape(shape, nameof(shape));
        if (mirrored.Length < ShapeLength || shape.Overlaps(mirrored))
        {
            throw new ArgumentException($"The mirrored shape needs {ShapeLength} values of its own.", nameof(mirrored));
        }

        for (var k = 0; k < PointCount; k++)
        {
            var m = MirrorIndex[k];
            mirrored[2 * m] = axis - shape[2 * k];
            mirrored[(2 * m) + 1] = shape[(2 * k) + 1];
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> when the shape is shorter than 68 points.</summary>
    public static void RequireShape(ReadOnlySpan<float> shape, string name)
    {
        if (shape.Length < ShapeLength)
        {
            throw new ArgumentException($"A 68-point shape needs {ShapeLength} values, got {shape.Length}.", name);
        }
    }

    private static int[] BuildMirrorIndex()
    {
        var mirror = new int[PointCount];
        for (var k = 0; k < PointCount; k++)
        {
            mirror[k] = k;
        }

        // Jaw 0-16 and brows 17-26 reverse; the nose bridge 27-30 and the midline points stay.
        for (var k = 0; k <= 16; k++)
        {
            mirror[k] = 16 - k;
        }

        for (var k = 17; k <= 26; k++)
        {
            mirror[k] = 43 - k;
        }

        for (var k = 31; k <= 35; k++)
        {
            mirror[k] = 66 - k;
        }

        int[][] pairs = [[36, 45], [37, 44], [38, 43], [39, 42], [40, 47], [41, 46], [48, 54], [49, 53], [50, 52], [55, 59], [56, 58], [60, 64], [61, 63], [65, 67]];
        foreach (var p in pairs)
        {
            mirror[p[0]] = p[1];
            mirror[p[1]] = p[0];
        }

        return mirror;
    }
}
