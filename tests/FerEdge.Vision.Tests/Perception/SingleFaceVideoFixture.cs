namespace FerEdge.Vision.Tests.Perception;

/// <summary>Every frame of single_face.mp4 (one large frontal face) with dlib's full pipeline on it.</summary>
public sealed class SingleFaceVideoFixture() : FrontEndFixture("single_face.mp4", 1);
