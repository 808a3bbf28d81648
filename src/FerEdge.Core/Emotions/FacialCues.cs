using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Emotions;

/// <summary>
/// Plain-language cues ("mouth corners raised") measured as the change of an aligned 68-point shape from a neutral
/// reference in the same canonical frame, in units of the reference's inter-ocular distance.
/// </summary>
public static class FacialCues
{
    /// <summary>Smallest change (share of inter-ocular distance) reported as a cue.</summary>
    public const float MinimumChange = 0.025f;

    private static readonly (FaceRegion Region, string Up, string Down)[] Cues =
    [
        (FaceRegion.Mouth, "mouth corners raised", "mouth corners lowered"),
        (FaceRegion.Mouth, "mouth open", "lips pressed"),
        (FaceRegion.Mouth, "lips stretched", "lips pursed"),
        (FaceRegion.Eyes, "eyes widened", "eyes narrowed"),
        (FaceRegion.Brows, "brows raised", "brows lowered"),
        (FaceRegion.Brows, "brows drawn apart", "brows drawn together"),
        (FaceRegion.Nose, "nose lengthened", "nose wrinkled"),
    ];

    /// <summary>Number of cues measured.</summary>
    public static int Count => Cues.Length;

    /// <summary>The region a cue belongs to.</summary>
    public static FaceRegion RegionOf(int cue) => Cues[cue].Region;

    /// <summary>The text of a cue for a positive or negative change.</summary>
    public static string Describe(int cue, float change) => change >= 0 ? Cues[cue].Up : Cues[cue].Down;

    /// <summary>Writes each cue's signed change (share of inter-ocular distance) into <paramref name="changes"/>.</summary>
    public static void Measure(ReadOnlySpan<float> shape, ReadOnlySpan<float> reference, Span<float> changes)
    {
        if (shape.Length != Face68.ShapeLength || reference.Length != Face68.ShapeLength)
        {
            throw new ArgumentException("Shapes must have 68 points (136 values).", nameof(shape));
        }

        if (changes.Length < Cues.Length)
        {
            throw new ArgumentException($"Need room for {Cues.Length} cues.", nameof(changes));
        }

        var iod = Face68.InterOcularDistance(reference);
        if (!(iod > 0))
        {
            throw new ArgumentException("The reference face has no inter-ocular distance.", nameof(reference));
        }

        // Image y grows downwards: a raised feature has a smaller y.
        changes[0] = (CornerDrop(reference) - CornerDrop(shape)) / iod;
        changes[1] = (InnerLipGap(shape) - InnerLipGap(reference)) / iod;
        changes[2] = (MouthWidth(shape) - MouthWidth(reference)) / iod;
        changes[3] = (EyeOpening(shape) - EyeOpening(reference)) / iod;
        changes[4] = (BrowHeight(shape) - BrowHeight(reference)) / iod;
        changes[5] = (BrowGap(shape) - BrowGap(reference)) / iod;
        changes[6] = (NoseLength(shape) - NoseLength(reference)) / iod;
    }

    private static float X(ReadOnlySpan<float> s, int i) => s[2 * i];

    private static float Y(ReadOnlySpan<float> s, int i) => s[(2 * i) + 1];

    private static float MeanY(ReadOnlySpan<float> s, int from, int to)
    {
        var sum = 0f;
        for (var i = from; i <= to; i++)
        {
            sum += Y(s, i);
        }

        return sum / (to - from + 1);
    }

    // Mouth corners below the lips' centre line (upper lip top 51, lower lip bottom 57).
    private static float CornerDrop(ReadOnlySpan<float> s) =>
        ((Y(s, 48) + Y(s, 54)) / 2f) - ((Y(s, 51) + Y(s, 57)) / 2f);

    private static float InnerLipGap(ReadOnlySpan<float> s) =>
        ((Y(s, 65) + Y(s, 66) + Y(s, 67)) - (Y(s, 61) + Y(s, 62) + Y(s, 63))) / 3f;

    private static float MouthWidth(ReadOnlySpan<float> s) => X(s, 54) - X(s, 48);

    private static float EyeOpening(ReadOnlySpan<float> s) =>
        ((Y(s, 41) + Y(s, 40) + Y(s, 47) + Y(s, 46)) - (Y(s, 37) + Y(s, 38) + Y(s, 43) + Y(s, 44))) / 4f;

    private static float BrowHeight(ReadOnlySpan<float> s) => MeanY(s, 36, 47) - MeanY(s, 17, 26);

    private static float BrowGap(ReadOnlySpan<float> s) => X(s, 22) - X(s, 21);

    private static float NoseLength(ReadOnlySpan<float> s) => Y(s, 33) - MeanY(s, 36, 47);
}
