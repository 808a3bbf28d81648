using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Emotions;

/// <summary>
/// Friesen-Ekman ground-truth regions (as masked by Gaya-Morey et al. 2024) expressed as sets of 0-based indices of
/// the 68-point layout. Contempt and neutral have no region (an empty set). Thread-safe; the returned spans are
/// views of immutable tables, sorted ascending without duplicates.
/// </summary>
public static class FacsRegions
{
    private static readonly int[][] Tables = Build();

    /// <summary>The landmark indices inside <paramref name="emotion"/>'s region; empty for contempt and neutral.</summary>
    public static ReadOnlySpan<int> For(Emotion emotion)
    {
        var i = (int)emotion;
        if ((uint)i >= EmotionLabels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(emotion), emotion, "not a defined emotion");
        }

        return Tables[i];
    }

    /// <summary>Writes the region of <paramref name="emotion"/> as a 68-entry membership mask.</summary>
    public static void FillMask(Emotion emotion, Span<bool> mask)
    {
        if (mask.Length != Face68.PointCount)
        {
            throw new ArgumentException($"mask must have {Face68.PointCount} entries, got {mask.Length}", nameof(mask));
        }

        mask.Clear();
        foreach (var i in For(emotion))
        {
            mask[i] = true;
        }
    }

    private static int[][] Build()
    {
        var t = new int[EmotionLabels.Count][];
        int[] brows = Range(17, 26), eyes = Range(36, 47), glabella = [21, 22, 27], noseBridge = [27, 28];
        t[(int)Emotion.Anger] = Union(brows, glabella, eyes, Range(31, 35), Range(49, 53), Range(55, 59),
            Range(61, 63), Range(65, 67), Range(7, 9));
        t[(int)Emotion.Disgust] = Union([21, 22], Range(27, 35), [36, 39, 40, 41, 42, 45, 46, 47],
            [48, 49, 53, 54, 55, 59], Range(50, 52), Range(61, 63));
        t[(int)Emotion.Fear] = Union(brows, glabella, eyes, noseBridge, [48, 54]);
        t[(int)Emotion.Happy] = Union(eyes, noseBridge, [48, 54], Range(4, 6), [31, 35], Range(10, 12), [49, 53, 55, 59]);
        t[(int)Emotion.Sadness] = Union(Range(20, 23), glabella, eyes, noseBridge, [48, 49, 53, 54, 55, 59], [0, 16, 17, 26]);
        t[(int)Emotion.Surprise] = Union(brows, eyes, Range(48, 67), Range(31, 35), Range(6, 10));
        t[(int)Emotion.Contempt] = [];
        t[(int)Emotion.Neutral] = [];
        return t;
    }

    private static int[] Range(int first, int last)
    {
        var r = new int[last - first + 1];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = first + i;
        }

        return r;
    }

    private static int[] Union(params int[][] parts)
    {
        var set = new SortedSet<int>();
        foreach (var p in parts)
        {
            set.UnionWith(p);
        }

        return [.. set];
    }
}
