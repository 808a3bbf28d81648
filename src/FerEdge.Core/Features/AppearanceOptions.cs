namespace FerEdge.Core.Features;

/// <summary>
/// How local appearance is described around each landmark: a histogram of oriented gradients (HOG) over a square
/// patch of <c>Cells x Cells</c> cells of <c>CellSize</c> canonical pixels, <c>Bins</c> unsigned orientation bins
/// per cell, on the face brought to a canonical size where the eye centres are <c>InterocularPixels</c> apart. The
/// descriptor of one landmark has <see cref="DescriptorLength"/> values. Stored in the model manifest; immutable.
/// </summary>
public sealed record AppearanceOptions
{
    /// <summary>Side of one cell in canonical pixels.</summary>
    public int CellSize { get; init; } = 8;

    /// <summary>Cells per side of the patch.</summary>
    public int Cells { get; init; } = 2;

    /// <summary>Unsigned orientation bins over [0, π).</summary>
    public int Bins { get; init; } = 9;

    /// <summary>Distance between the eye centres on the canonical face, in canonical pixels.</summary>
    public float InterocularPixels { get; init; } = 36;

    /// <summary>Values per landmark: <c>Cells * Cells * Bins</c>.</summary>
    public int DescriptorLength => Cells * Cells * Bins;

    /// <summary>Side of the patch in canonical pixels.</summary>
    public int PatchSize => Cells * CellSize;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (CellSize is < 2 or > 32)
        {
            throw new ArgumentException($"appearance cell size must be in [2, 32], got {CellSize}");
        }

        if (Cells is < 1 or > 8)
        {
            throw new ArgumentException($"appearance cells per side must be in [1, 8], got {Cells}");
        }

        if (Bins is < 2 or > 36)
        {
            throw new ArgumentException($"appearance orientation bins must be in [2, 36], got {Bins}");
        }

        if (!(InterocularPixels is >= 4 and <= 512))
        {
            throw new ArgumentException($"appearance interocular distance must be in [4, 512] pixels, got {InterocularPixels}");
        }
    }
}
