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
/// Allocation-free per call after construction; an instance is immutable and may be shared between threads.
/// </remarks>
public sealed class FaceAligner
{
    private readonly int[] _indices; // emitted, in layout order
    private readonly int[] _fitIndices; // fitted
    private readonly float[] _referenceCentred; // fitted subset of the reference, centred on its centroid, interleaved x,y
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
        if (reference.Length != FeatureLayout.FullLandmarkCount * 2)
        {
            throw new ArgumentException($"reference shape needs {FeatureLayout.FullLandmarkCount * 2} values, got {reference.Length}", nameof(reference));
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
        _referenceCentred = new float[2 * n];
        double spread = 0;
        for (var k = 0; k < n; k++)
        {
            var dx = reference[2 * _fitIndices[k]] - _referenceCx;
            var dy = reference[(2 * _fitIndices[k]) + 1] - _referenceCy;
            _referenceCentred[2 * k] = dx;
            _referenceCentred[(2 * k) + 1] = dy;
            spread += (dx * dx) + (dy * dy);
        }

        if (!(spread > 0) || !double.IsFinite(spread))
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
        if (shape.Length != FeatureLayout.FullLandmarkCount * 2)
        {
            throw new ArgumentException($"shape needs {FeatureLayout.FullLandmarkCount * 2} values, got {shape.Length}", nameof(shape));
        }

        if (destination.Length != 2 * _indices.Length)
        {
            throw new ArgumentException($"destination needs {2 * _indices.Length} values, got {destination.Length}", nameof(destination));
        }

        var n = _fitIndices.Length;
        double cx = 0, cy = 0;
        for (var k = 0; k < n; k++)
        {
            cx += shape[2 * _fitIndices[k]];
            cy += shape[(2 * _fitIndices[k]) + 1];
        }

        cx /= n;
        cy /= n;

        // Closed-form least squares for q ≈ [a -b; b a] p: a = Σ p·q / Σ|p|², b = Σ p×q / Σ|p|² (centred points).
        double dot = 0, cross = 0, norm = 0;
        for (var k = 0; k < n; k++)
        {
            var px = shape[2 * _fitIndices[k]] - cx;
            var py = shape[(2 * _fitIndices[k]) + 1] - cy;
            double qx = _referenceCentred[2 * k], qy = _referenceCentred[(2 * k) + 1];
            dot += (px * qx) + (py * qy);
            cross += (px * qy) - (py * qx);
            norm += (px * px) + (py * py);
        }

        if (!(norm > 1e-12) || !double.IsFinite(norm + dot + cross))
        {
            destination.Clear();
            return false;
        }

        var a = dot / norm;
        var b = cross / norm;
        for (var k = 0; k < _indices.Length; k++)
        {
            var px = shape[2 * _indices[k]] - cx;
            var py = shape[(2 * _indices[k]) + 1] - cy;
            destination[2 * k] = (float)((a * px) - (b * py) + _referenceCx);
            destination[(2 * k) + 1] = (float)((b * px) + (a * py) + _referenceCy);
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
