using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Features;

/// <summary>
/// Maps the landmarks of a <see cref="FeatureLayout"/> onto a canonical face: the similarity transform (translation,
/// uniform scale, in-plane rotation; no reflection) that best fits a set of alignment landmarks of the observed shape
/// to the same landmarks of the reference shape in the least-squares sense is applied to the layout's landmarks, so
/// position, size and roll of the head are removed and only the expression (and the person's shape) remains. The
/// reference is a fixed 68-point shape in its own units (the mean of training shapes, stored in the model manifest).
/// </summary>
/// <remarks>
/// The alignment set defaults to the layout's own landmarks. Fitting on a larger, stable set (for example every
/// landmark the runtime tracks) instead keeps what a small subset would lose: a mouth-only subset fitted on itself
/// has its own size and tilt normalised away, whereas fitted on the whole face its size and tilt relative to the face
/// remain in the features.
/// The fit is <see cref="CentredSimilarity"/>'s, the one the tracker uses. Allocation-free per call after construction; an instance is immutable and may be shared between threads.
/// </remarks>
public sealed class FaceAligner
{
    private readonly int[] _indices; // emitted, in layout order
    private readonly int[] _fitIndices; // fitted
    private readonly Point2[] _referenceCentred; // fitted landmarks of the reference, centred on their centroid
    private readonly float _referenceCx;
    private readonly float _referenceCy;

    /// <summary>Creates an aligner that fits and emits <paramref name="layout"/>'s landmarks.</summary>
    /// <param name="reference">The canonical 68-point shape, interleaved x0,y0,...,x67,y67 (copied).</param>
    /// <param name="layout">Which landmarks are aligned and emitted, in which order.</param>
    public FaceAligner(ReadOnlySpan<float> reference, FeatureLayout layout)
        : this(reference, layout, layout is null ? default : layout.Indices)
    {
    }

    /// <summary>Creates an aligner that fits on <paramref name="alignOn"/> and emits <paramref name="layout"/>'s landmarks.</summary>
    /// <param name="reference">The canonical 68-point shape, interleaved x0,y0,...,x67,y67 (copied).</param>
    /// <param name="layout">Which landmarks are emitted, in which order.</param>
    /// <param name="alignOn">Distinct 68-layout indices (at least two) the similarity is fitted on (copied); they need
    /// not contain the layout's landmarks, but a runtime that tracks only some landmarks must track both sets.</param>
    public FaceAligner(ReadOnlySpan<float> reference, FeatureLayout layout, ReadOnlySpan<int> alignOn)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (reference.Length != Face68.ShapeLength)
        {
            throw new ArgumentException($"reference shape needs {Face68.ShapeLength} values, got {reference.Length}", nameof(reference));
        }

        // Validates the alignment set the same way as a layout (range, distinct, at least two).
        _fitIndices = new FeatureLayout(alignOn).Indices.ToArray();
        _indices = layout.Indices.ToArray();
        var n = _fitIndices.Length;
        double cx = 0, cy = 0;
        foreach (var i in _fitIndices)
        {
            cx += reference[2 * i];
            cy += reference[(2 * i) + 1];
        }

        _referenceCx = (float)(cx / n);
        _referenceCy = (float)(cy / n);
        _referenceCentred = new Point2[n];
        for (var k = 0; k < n; k++)
        {
            _referenceCentred[k] = new Point2(reference[2 * _fitIndices[k]] - _referenceCx, reference[(2 * _fitIndices[k]) + 1] - _referenceCy);
        }

        if (!CentredSimilarity.TryFitCentred(_referenceCentred, _referenceCentred, 0, 0, out _))
        {
            throw new ArgumentException("reference subset is degenerate (all points coincide or not finite)", nameof(reference));
        }

        Layout = layout;
    }

    /// <summary>The layout whose landmarks this aligner emits.</summary>
    public FeatureLayout Layout { get; }

    /// <summary>The 68-layout indices the similarity is fitted on.</summary>
    public ReadOnlySpan<int> AlignmentLandmarks => _fitIndices;

    /// <summary>
    /// Aligns one frame. <paramref name="shape"/> is a full 68-point shape (136 values, pixels; only the alignment and
    /// layout landmarks are read); <paramref name="destination"/> receives <c>Layout.FrameLength</c> values in
    /// reference units. Returns false (and leaves <paramref name="destination"/> zeroed) when the fitted set is degenerate.
    /// </summary>
    public bool TryAlign(ReadOnlySpan<float> shape, Span<float> destination)
    {
        if (shape.Length != Face68.ShapeLength)
        {
            throw new ArgumentException($"shape needs {Face68.ShapeLength} values, got {shape.Length}", nameof(shape));
        }

        if (destination.Length != 2 * _indices.Length)
        {
            throw new ArgumentException($"destination needs {2 * _indices.Length} values, got {destination.Length}", nameof(destination));
        }

        Span<Point2> observed = stackalloc Point2[_fitIndices.Length];
        for (var k = 0; k < observed.Length; k++)
        {
            observed[k] = new Point2(shape[2 * _fitIndices[k]], shape[(2 * _fitIndices[k]) + 1]);
        }

        if (!CentredSimilarity.TryFitCentred(observed, _referenceCentred, _referenceCx, _referenceCy, out var fit))
        {
            destination.Clear();
            return false;
        }

        for (var k = 0; k < _indices.Length; k++)
        {
            var x = shape[2 * _indices[k]];
            var y = shape[(2 * _indices[k]) + 1];
            destination[2 * k] = fit.MapX(x, y);
            destination[(2 * k) + 1] = fit.MapY(x, y);
        }

        return true;
    }

    /// <summary>Aligns one frame or throws when the fitted set is degenerate (all points coincide or are not finite).</summary>
    public void Align(ReadOnlySpan<float> shape, Span<float> destination)
    {
        if (!TryAlign(shape, destination))
        {
            throw new ArgumentException("alignment landmarks are degenerate (all points coincide or are not finite)", nameof(shape));
        }
    }
}
