namespace FerEdge.Vision.Detection;

/// <summary>The two BlazeFace short-range variants shipped by MediaPipe (Barracuda ONNX exports).</summary>
public enum BlazeFaceModel
{
    /// <summary>Front camera (selfie) model: 128x128 input, faces filling a good part of the frame.</summary>
    Front128,

    /// <summary>Back camera model: 256x256 input, smaller and more distant faces.</summary>
    Back256,
}
