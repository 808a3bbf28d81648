using FerEdge.Core.Detection;
using FerEdge.Vision.Detection;

namespace FerEdge.Vision.Tests.Detection;

/// <summary>An 8-bit frame copied out of OpenCV, with what the detector needs to read it.</summary>
internal sealed record TestFrame(byte[] Pixels, int Width, int Height, int Stride, PixelLayout Layout)
{
    public int Detect(BlazeFaceDetector detector, List<FaceDetection> faces) =>
        detector.Detect(Pixels, Width, Height, Stride, Layout, faces);
}
