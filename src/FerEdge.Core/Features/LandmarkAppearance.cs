using System.Runtime.Intrinsics.X86;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Features;

/// <summary>
/// Local appearance around a set of landmarks, sampled on the similarity-aligned face: the similarity fitted from the
/// observed alignment landmarks to the reference face (the one <see cref="FaceAligner"/> uses) fixes the canonical
/// frame; around each observed landmark a square patch of <see cref="AppearanceOptions.PatchSize"/> canonical pixels
/// (plus a one-pixel border for the gradients) is resampled from the image in that frame (bilinear, supersampled
/// where the face is larger than canonical so that small patches do not alias), and described by a HOG of
/// <see cref="AppearanceOptions.Cells"/>² cells (unsigned orientations, votes split between the two nearest bins)
/// normalised with L2-Hys over the landmark's descriptor. Head position, size and roll are removed; each descriptor
/// belongs to one landmark, so attributions over it add up per landmark.
/// </summary>
/// <remarks>Allocation-free per call after construction. Not thread-safe (scratch buffers): one instance per thread.</remarks>
public sealed partial class LandmarkAppearance
{
    private const float HysteresisClip = 0.2f;
    private const int MaximumSupersampling = 2;
    private readonly int[] _landmarks;
    private readonly int[] _fitIndices;
    private readonly Point2[] _referenceCentred;
    private readonly Point2[] _observed;
    private readonly double _referenceCx;
    private readonly double _referenceCy;
    private readonly double _canonicalPerUnit; // canonical pixels per reference unit
    private readonly int _grid; // sampled side: patch plus a one-pixel border
    private readonly float[] _patch;
    private readonly float[] _walkX; // per sub-sample, one row's x coordinates (vector path)
    private readonly float[] _walkY;
    private readonly float[] _gradient; // one patch row's magnitudes, bin positions (vector path)
    private readonly float[] _position;
    private readonly AppearanceOptions _options;

    /// <summary>Creates a describer.</summary>
    /// <param name="reference">The canonical 68-point shape, interleaved x0,y0,...,x67,y67 (copied).</param>
    /// <param name="alignOn">Distinct landmark indices (at least two) the similarity is fitted on.</param>
    /// <param name="landmarks">Distinct landmark indices described, in output order.</param>
    /// <param name="options">Patch and histogram settings (validated).</param>
    public LandmarkAppearance(ReadOnlySpan<float> reference, ReadOnlySpan<int> alignOn, ReadOnlySpan<int> landmarks, AppearanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (reference.Length != Face68.ShapeLength)
        {
            throw new ArgumentException($"reference shape needs {Face68.ShapeLength} values, got {reference.Length}", nameof(reference));
        }

        _fitIndices = new FeatureLayout(alignOn).Indices.ToArray(); // validates range, distinctness, at least two
        _landmarks = Distinct(landmarks);
        double cx = 0, cy = 0;
        foreach (var i in _fitIndices)
        {
            cx += reference[2 * i];
            cy += reference[(2 * i) + 1];
        }

        _referenceCx = cx / _fitIndices.Length;
        _referenceCy = cy / _fitIndices.Length;
        _referenceCentred = new Point2[_fitIndices.Length];
        for (var k = 0; k < _fitIndices.Length; k++)
        {
            _referenceCentred[k] = new Point2((float)(reference[2 * _fitIndices[k]] - _referenceCx), (float)(reference[(2 * _fitIndices[k]) + 1] - _referenceCy));
        }

        var iod = Face68.InterOcularDistance(reference);
        if (!(iod > 0) || !float.IsFinite(iod))
        {
            throw new ArgumentException("reference shape has no inter-ocular distance", nameof(reference));
        }

        _canonicalPerUnit = options.InterocularPixels / iod;
        _observed = new Point2[_fitIndices.Length];
        _grid = options.PatchSize + 2;
        _patch = new float[_grid * _grid];
        _walkX = new float[MaximumSupersampling * MaximumSupersampling * _grid];
        _walkY = new float[MaximumSupersampling * MaximumSupersampling * _grid];
        _gradient = new float[options.PatchSize];
        _position = new float[options.PatchSize];
        _options = options;
    }

    /// <summary>
    /// Whether x86 AVX2 sampling and gradient paths run (gathered corner reads, eight pixels a step). They give the
    /// scalar paths' values bit for bit (same operations in the same order per pixel); tests switch them off to compare.
    /// </summary>
    internal bool VectorPaths { get; init; } = Avx2.IsSupported;

    /// <summary>The landmarks described, in output order.</summary>
    public ReadOnlySpan<int> Landmarks => _landmarks;

    /// <summary>The landmarks the canonical frame is fitted on.</summary>
    public ReadOnlySpan<int> AlignmentLandmarks => _fitIndices;

    /// <summary>Patch and histogram settings.</summary>
    public AppearanceOptions Options => _options;

    /// <summary>Values per landmark.</summary>
    public int DescriptorLength => _options.DescriptorLength;

    /// <summary>Values written by <see cref="TryDescribe"/>: <c>Landmarks.Length * DescriptorLength</c>.</summary>
    public int Length => _landmarks.Length * _options.DescriptorLength;

    /// <summary>
    /// Describes one face. <paramref name="shape"/> is its 68-point shape in <paramref name="image"/>'s pixels (only
    /// the alignment and described landmarks are read); <paramref name="destination"/> receives <see cref="Length"/>
    /// values, landmark by landmark. Returns false (destination zeroed) when the alignment landmarks are degenerate.
    /// </summary>
    public bool TryDescribe(GrayImage image, ReadOnlySpan<float> shape, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        Face68.RequireShape(shape, nameof(shape));
        if (destination.Length != Length)
        {
            throw new ArgumentException($"destination needs {Length} values, got {destination.Length}", nameof(destination));
        }

        for (var k = 0; k < _fitIndices.Length; k++)
        {
            _observed[k] = new Point2(shape[2 * _fitIndices[k]], shape[(2 * _fitIndices[k]) + 1]);
        }

        if (!CentredSimilarity.TryFitCentred(_observed, _referenceCentred, _referenceCx, _referenceCy, out var fit))
        {
            destination.Clear();
            return false;
        }

        // Image → canonical is c·[A -B; B A]; one canonical pixel along x is (A, -B)/(c s²) in the image, along y (B, A)/(c s²).
        var s2 = (fit.A * fit.A) + (fit.B * fit.B);
        var inv = 1.0 / (_canonicalPerUnit * s2);
        var ux = (float)(fit.A * inv);
        var uy = (float)(-fit.B * inv);
        var vx = (float)(fit.B * inv);
        var vy = (float)(fit.A * inv);
        var imagePerCanonical = 1.0 / (_canonicalPerUnit * Math.Sqrt(s2));
        var k2 = Math.Clamp((int)Math.Round(imagePerCanonical), 1, MaximumSupersampling);
        var d = _options.DescriptorLength;
        for (var l = 0; l < _landmarks.Length; l++)
        {
            var px = shape[2 * _landmarks[l]];
            var py = shape[(2 * _landmarks[l]) + 1];
            Sample(image, px, py, ux, uy, vx, vy, k2);
            Histogram(destination.Slice(l * d, d));
        }

        return true;
    }

    private static int[] Distinct(ReadOnlySpan<int> landmarks)
    {
        Span<bool> seen = stackalloc bool[Face68.PointCount];
        foreach (var i in landmarks)
        {
            if ((uint)i >= Face68.PointCount)
            {
                throw new ArgumentOutOfRangeException(nameof(landmarks), i, "landmark index outside [0, 68)");
            }

            if (seen[i])
            {
                throw new ArgumentException($"landmark index {i} appears twice", nameof(landmarks));
            }

            seen[i] = true;
        }

        return landmarks.ToArray();
    }
}
