namespace FerEdge.Capture;

/// <summary>
/// The split of a labelled data set without a <c>split</c> column into two halves of people: <see cref="HeldOut"/>
/// people are never trained on by <c>fer-train</c>, and <c>fer-edge evaluate --split heldout</c> scores exactly them.
/// The half is a stable hash of the person's name (FNV-1a over its UTF-16 code units, lowest bit), the same on every
/// run and platform.
/// </summary>
public static class PersonSplit
{
    /// <summary>The split name of the held-out people.</summary>
    public const string HeldOut = "heldout";

    /// <summary>The split name of the training people.</summary>
    public const string Training = "train";

    /// <summary>True when <paramref name="person"/> belongs to the held-out half.</summary>
    public static bool IsHeldOut(string person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var h = 2166136261u;
        foreach (var c in person)
        {
            h = (h ^ c) * 16777619u;
        }

        return (h & 1) == 1;
    }

    /// <summary>The split of a row: its <c>split</c> column, or else its person's half.</summary>
    public static string Of(LabelledImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Split ?? (IsHeldOut(image.Subject) ? HeldOut : Training);
    }
}
