using FerEdge.Capture;

namespace FerEdge.Training.Data;

/// <summary>
/// The 68-point shapes the front end fitted to one data set's images, in <c>labels.csv</c> order: 136 floats per
/// image (pixels of the possibly upsampled image; zeros where no usable face was found), and which images had one.
/// Immutable after construction.
/// </summary>
public sealed class FaceShapes
{
    private readonly float[] _shapes;
    private readonly bool[] _found;

    public FaceShapes(string name, IReadOnlyList<LabelledImage> images, float[] shapes, bool[] found, string method)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(found);
        if (shapes.Length != images.Count * 136 || found.Length != images.Count)
        {
            throw new ArgumentException($"{images.Count} images need {images.Count * 136} shape values and flags, got {shapes.Length} and {found.Length}");
        }

        Name = name;
        Images = images;
        _shapes = shapes;
        _found = found;
        Method = method;
    }

    /// <summary>Data set name, e.g. <c>ckplus48</c>.</summary>
    public string Name { get; }

    /// <summary>How the faces were found (for the report), e.g. the calibrated box.</summary>
    public string Method { get; }

    public IReadOnlyList<LabelledImage> Images { get; }

    public int Count => Images.Count;

    /// <summary>Images where no usable face was found (counted and reported, never dropped silently).</summary>
    public int NoFace
    {
        get
        {
            var n = 0;
            foreach (var f in _found)
            {
                n += f ? 0 : 1;
            }

            return n;
        }
    }

    public ReadOnlySpan<bool> Found => _found;

    /// <summary>The shape of image <paramref name="i"/> (136 values).</summary>
    public ReadOnlySpan<float> Shape(int i) => _shapes.AsSpan(i * 136, 136);
}
