using FerEdge.Core.Emotions;

namespace FerEdge.Capture;

/// <summary>One row of a data set's <c>labels.csv</c>.</summary>
/// <param name="Path">Absolute path of the image.</param>
/// <param name="Emotion">The labelled emotion.</param>
/// <param name="Subject">The person (CK+ subject id or person name); the unit of subject-independent folds.</param>
/// <param name="Sequence">The sequence the frame belongs to (CK+), or null for stills.</param>
/// <param name="Frame">Frame number within the sequence, or -1 for stills.</param>
public sealed record LabelledImage(string Path, Emotion Emotion, string Subject, string? Sequence, int Frame)
{
    /// <summary>The row's <c>split</c> column (FER+: train, valid, test), or null when the file has none.</summary>
    public string? Split { get; init; }

    /// <summary>
    /// Crowd votes per emotion in <see cref="EmotionLabels.All"/> order from the <c>votes_LABEL</c> columns (FER+),
    /// or null when the file has none. Votes for no emotion (unknown, not a face) are not kept.
    /// </summary>
    public IReadOnlyList<int>? Votes { get; init; }
}
