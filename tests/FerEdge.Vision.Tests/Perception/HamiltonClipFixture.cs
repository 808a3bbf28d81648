namespace FerEdge.Vision.Tests.Perception;

/// <summary>
/// Every third frame of short_hamilton_clip.mp4 (small, dark, partly occluded faces) with dlib's full pipeline on
/// it; every third frame keeps the oracle's run short while covering the whole clip.
/// </summary>
public sealed class HamiltonClipFixture() : FrontEndFixture("short_hamilton_clip.mp4", 3);
