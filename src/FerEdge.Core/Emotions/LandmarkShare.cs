namespace FerEdge.Core.Emotions;

/// <summary>One landmark's share of the total attribution.</summary>
public readonly record struct LandmarkShare(int Index, float Share);
