using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;

namespace FerEdge.Vision.Perception;

/// <summary>
/// The front end for labelled still images, shared by the training tool and <c>fer-edge evaluate</c> so that both see
/// the same faces: an image whose shorter side is under <see cref="SmallImageSide"/> pixels (a tight dataset crop such
/// as CK+48 and FER+, 48x48) is first enlarged by a whole factor to at least <see cref="UpscaledSide"/>; the largest
/// detected face is fitted as <c>run</c> fits a keyframe (detection, second look, box refits). A small crop where the
/// detector finds nothing is fitted in <see cref="CropBox"/> (a tight crop is a face by construction); a full-size
/// image without a detection has no face.
/// </summary>
/// <remarks>Not thread-safe (the landmarker is not). Does not own the landmarker.</remarks>
public sealed class StillImageFrontEnd
{
    /// <summary>Images whose shorter side is under this many pixels are enlarged first.</summary>
    public const int SmallImageSide = 128;

    /// <summary>Shorter side, in pixels, a small image is enlarged to at least (by a whole factor, at most 16).</summary>
    public const int UpscaledSide = 192;

    private readonly FaceLandmarker _landmarker;

    /// <summary>Wraps <paramref name="landmarker"/>.</summary>
    public StillImageFrontEnd(FaceLandmarker landmarker)
    {
        ArgumentNullException.ThrowIfNull(landmarker);
        _landmarker = landmarker;
    }

    /// <summary>
    /// The fixed fitting box of a small crop, relative to the image (left, top, right, bottom): where the detector puts
    /// dlib's box, median over the CK+48 crops it finds a face in.
    /// </summary>
    public static (float Left, float Top, float Right, float Bottom) CropBox { get; } = (0.085f, 0.16f, 0.91f, 0.98f);

    /// <summary>The whole factor a <paramref name="width"/> x <paramref name="height"/> image is enlarged by (1: not at all).</summary>
    public static int UpscaleFactor(int width, int height)
    {
        var side = Math.Min(width, height);
        return side >= SmallImageSide ? 1 : Math.Clamp((UpscaledSide + side - 1) / side, 1, 16);
    }

    /// <summary>
    /// Finds and fits the face of <paramref name="image"/>; <paramref name="shape"/> receives 68 points in the pixels
    /// of <paramref name="used"/>, the image as fitted (enlarged when small, else <paramref name="image"/> itself).
    /// </summary>
    public StillImageFace Fit(GrayImage image, Span<float> shape, out GrayImage used)
    {
        ArgumentNullException.ThrowIfNull(image);
        var factor = UpscaleFactor(image.Width, image.Height);
        used = factor > 1 ? ImageScaling.UpscaleBilinear(image, factor) : image;
        if (_landmarker.Detect(used) > 0)
        {
            _landmarker.FitDetection(used, _landmarker.Faces[0], shape); // largest face first
            return StillImageFace.Detected;
        }

        if (factor == 1)
        {
            shape.Clear();
            return StillImageFace.None;
        }

        var (l, t, r, b) = CropBox;
        var box = new DlibRect(
            (int)MathF.Round(l * used.Width), (int)MathF.Round(t * used.Height),
            (int)MathF.Round(r * used.Width), (int)MathF.Round(b * used.Height));
        _landmarker.Fit(used, box, shape);
        return StillImageFace.CropBox;
    }
}
