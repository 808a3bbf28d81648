namespace FerEdge.Core.Emotions;

/// <summary>The facial regions explanation summaries are reported in, with their 68-point landmark ranges.</summary>
public enum FaceRegion
{
    /// <summary>Eyebrows, points 17-26.</summary>
    Brows = 0,

    /// <summary>Eyes, points 36-47.</summary>
    Eyes = 1,

    /// <summary>Nose bridge and base, points 27-35.</summary>
    Nose = 2,

    /// <summary>Outer and inner lips, points 48-67.</summary>
    Mouth = 3,

    /// <summary>Jaw line, points 0-16.</summary>
    Jaw = 4,
}
