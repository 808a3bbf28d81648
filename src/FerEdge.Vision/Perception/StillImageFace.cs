namespace FerEdge.Vision.Perception;

/// <summary>How <see cref="StillImageFrontEnd"/> found the face of a still image.</summary>
public enum StillImageFace
{
    /// <summary>No face: a full-size image where the detector found none.</summary>
    None,

    /// <summary>The largest detected face, fitted as <c>run</c> fits a keyframe.</summary>
    Detected,

    /// <summary>A small tight crop where the detector found no face, fitted in the fixed crop box.</summary>
    CropBox,
}
