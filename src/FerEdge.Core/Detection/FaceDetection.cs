using FerEdge.Core.Geometry;

namespace FerEdge.Core.Detection;

/// <summary>
/// One detected face: its box and six keypoints in frame pixels, and the detector's confidence.
/// </summary>
/// <remarks>
/// "Right" and "left" are the subject's own sides, so in an unmirrored camera image the right eye lies to the
/// left of the left eye. Coordinates may fall slightly outside the frame for faces cut by its border.
/// </remarks>
/// <param name="Box">Face box in frame pixels (top-left corner and size).</param>
/// <param name="Score">Confidence in [0, 1] (sigmoid of the model's logit).</param>
/// <param name="RightEye">Centre of the subject's right eye.</param>
/// <param name="LeftEye">Centre of the subject's left eye.</param>
/// <param name="NoseTip">Tip of the nose.</param>
/// <param name="Mouth">Centre of the mouth.</param>
/// <param name="RightEar">The subject's right ear tragion.</param>
/// <param name="LeftEar">The subject's left ear tragion.</param>
public readonly record struct FaceDetection(
    BoxF Box,
    float Score,
    Point2 RightEye,
    Point2 LeftEye,
    Point2 NoseTip,
    Point2 Mouth,
    Point2 RightEar,
    Point2 LeftEar)
{
    /// <summary>Number of keypoints.</summary>
    public const int KeypointCount = 6;

    /// <summary>
    /// Keypoint by index in the model's order: 0 right eye, 1 left eye, 2 nose tip, 3 mouth, 4 right ear, 5 left ear.
    /// </summary>
    public Point2 Keypoint(int index) => index switch
    {
        0 => RightEye,
        1 => LeftEye,
        2 => NoseTip,
        3 => Mouth,
        4 => RightEar,
        5 => LeftEar,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "BlazeFace keypoint indices are 0 to 5."),
    };
}
