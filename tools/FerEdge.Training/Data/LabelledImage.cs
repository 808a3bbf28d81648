using FerEdge.Core.Emotions;

namespace FerEdge.Training.Data;

/// <summary>One row of a data set's <c>labels.csv</c>.</summary>
/// <param name="Path">Absolute path of the image.</param>
/// <param name="Emotion">The labelled emotion.</param>
/// <param name="Subject">The person (CK+ subject id or person name); the unit of subject-independent folds.</param>
/// <param name="Sequence">The sequence the frame belongs to (CK+), or null for stills.</param>
/// <param name="Frame">Frame number within the sequence, or -1 for stills.</param>
public sealed record LabelledImage(string Path, Emotion Emotion, string Subject, string? Sequence, int Frame);
