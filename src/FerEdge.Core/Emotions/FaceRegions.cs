namespace FerEdge.Core.Emotions;

/// <summary>Maps 68-point landmark indices to <see cref="FaceRegion"/>s and their wire labels.</summary>
public static class FaceRegions
{
    /// <summary>Number of regions.</summary>
    public const int Count = 5;

    private static readonly string[] Labels = ["brows", "eyes", "nose", "mouth", "jaw"];

    /// <summary>The region of landmark <paramref name="index"/> (0..67).</summary>
    public static FaceRegion Of(int index) => index switch
    {
        >= 0 and <= 16 => FaceRegion.Jaw,
        >= 17 and <= 26 => FaceRegion.Brows,
        >= 27 and <= 35 => FaceRegion.Nose,
        >= 36 and <= 47 => FaceRegion.Eyes,
        >= 48 and <= 67 => FaceRegion.Mouth,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "landmark indices are 0..67"),
    };

    /// <summary>The wire label, e.g. <c>"mouth"</c>.</summary>
    public static string ToLabel(this FaceRegion region) => Labels[(int)region];
}
