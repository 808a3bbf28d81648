using FerEdge.Core.Geometry;

namespace FerEdge.Vision.Tests.Landmarks;

/// <summary>One face as the dlib oracle reports it: the image, the dlib box and the unrounded shape (x0, y0, ...).</summary>
public sealed record OracleFace(string ImagePath, DlibRect Box, float[] Landmarks);
