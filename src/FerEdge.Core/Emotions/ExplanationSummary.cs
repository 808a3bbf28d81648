namespace FerEdge.Core.Emotions;

/// <summary>
/// Why an emotion was decided, for a caregiver: the share of attribution per facial region, the landmarks that
/// mattered most, agreement with the emotion's Friesen-Ekman region, and a one-line reason.
/// </summary>
/// <param name="Emotion">The decided emotion the summary explains.</param>
/// <param name="RegionShares">Share of total attribution per <see cref="FaceRegion"/> (index = region), summing to 1.</param>
/// <param name="TopLandmarks">The most attributed landmarks, largest share first.</param>
/// <param name="FacsAgreement">IoU of the Otsu-binarised attribution with the FACS region; null where none exists.</param>
/// <param name="Reason">A short plain-language reason, e.g. "mouth corners raised, eyes narrowed".</param>
public sealed record ExplanationSummary(
    Emotion Emotion,
    IReadOnlyList<float> RegionShares,
    IReadOnlyList<LandmarkShare> TopLandmarks,
    float? FacsAgreement,
    string Reason);
