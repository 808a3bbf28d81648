namespace FerEdge.Training.FrontEnd;

/// <summary>A named, ordered list of gray PNGs (video frames or photos) with dlib's faces for each.</summary>
internal sealed record FrontEndSet(string Name, IReadOnlyList<FrontEndImage> Images);
