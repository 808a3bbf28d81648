using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Features;

/// <summary>
/// Shape of a classifier input: which of the 68 landmarks are used (in the given order) and how many consecutive
/// frames form the window. A feature vector is laid out as <c>[frame][landmark][x, y]</c>, oldest frame first, so its
/// length is <c>Frames * Indices.Length * 2</c>. Immutable and thread-safe.
/// </summary>
public sealed class FeatureLayout
{
    private readonly int[] _indices;

    /// <summary>Creates a layout; indices must be distinct values in [0, 68), at least two of them.</summary>
    public FeatureLayout(ReadOnlySpan<int> indices, int frames = 1)
    {
        if (indices.Length < 2)
        {
            throw new ArgumentException("a layout needs at least two landmarks (alignment fits position, scale and rotation)", nameof(indices));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Span<bool> seen = stackalloc bool[Face68.PointCount];
        foreach (var i in indices)
        {
            if ((uint)i >= Face68.PointCount)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, "landmark index outside [0, 68)");
            }

            if (seen[i])
            {
                throw new ArgumentException($"landmark index {i} appears twice", nameof(indices));
            }

            seen[i] = true;
        }

        _indices = indices.ToArray();
        Frames = frames;
    }

    /// <summary>All 68 landmarks, one frame.</summary>
    public static FeatureLayout Full(int frames = 1)
    {
        Span<int> all = stackalloc int[Face68.PointCount];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return new FeatureLayout(all, frames);
    }

    /// <summary>The landmark indices used, in feature order.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>Number of landmarks used per frame.</summary>
    public int LandmarkCount => _indices.Length;

    /// <summary>Number of frames in the window.</summary>
    public int Frames { get; }

    /// <summary>Values per frame (<c>LandmarkCount * 2</c>).</summary>
    public int FrameLength => _indices.Length * 2;

    /// <summary>Length of a whole feature vector.</summary>
    public int Length => Frames * FrameLength;

    /// <summary>The slice of <paramref name="features"/> holding frame <paramref name="frame"/> (0 = oldest).</summary>
    public Span<float> FrameSlice(Span<float> features, int frame)
    {
        if (features.Length != Length)
        {
            throw new ArgumentException($"feature vector has {features.Length} values, layout needs {Length}", nameof(features));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, Frames);
        return features.Slice(frame * FrameLength, FrameLength);
    }

    /// <summary>
    /// Feature position of landmark <paramref name="landmark"/> (a 68-layout index) within a frame, or -1 when the
    /// layout does not use it.
    /// </summary>
    public int PositionOf(int landmark) => Array.IndexOf(_indices, landmark);

    /// <summary>A layout with the same frame count using only <paramref name="indices"/>.</summary>
    public FeatureLayout WithIndices(ReadOnlySpan<int> indices) => new(indices, Frames);
}
