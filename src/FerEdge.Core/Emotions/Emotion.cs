namespace FerEdge.Core.Emotions;

/// <summary>
/// The eight decided labels. The seven non-neutral values each have a binary classifier; <see cref="Neutral"/> is
/// decided when none of them fires. Values are ordinal in alphabetical label order, which is the order of the
/// confusion matrix and of the JSON contract.
/// </summary>
public enum Emotion
{
    Anger = 0,
    Contempt = 1,
    Disgust = 2,
    Fear = 3,
    Happy = 4,
    Neutral = 5,
    Sadness = 6,
    Surprise = 7,
}
