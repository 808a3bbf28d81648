namespace FerEdge.Core.Adaptation;

/// <summary>
/// A person's own neutral face in the classifiers' feature space: the mean, over frames of the person at rest, of
/// every classifier's input (aligned landmark positions, then the appearance at each landmark; the classifiers'
/// inputs one after another). Scoring with <see cref="Shift"/> added moves the person's neutral onto the
/// population's neutral baseline, so a feature means a change from this person's rest, not from the average face.
/// </summary>
/// <remarks>
/// Holds model inputs only (no image, no landmark stream). Only landmark positions are shifted unless
/// <see cref="UseAppearance"/> turns the appearance on: appearance at rest depends on the light and the camera of the
/// calibration, and shifting it lowered held-out AUC on faces-in-the-wild (models/REPORT.md, personal adaptation).
/// Not thread-safe.
/// </remarks>
public sealed class NeutralFace
{
    private readonly double[] _sum;
    private readonly float[] _shift;
    private readonly float[] _baseline;
    private readonly bool[] _isPosition;

    /// <summary>An empty neutral for classifiers whose neutral baseline is <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The population's neutral inputs, all classifiers one after another.</param>
    /// <param name="isPosition">Per input, true for a landmark coordinate, false for an appearance value.</param>
    public NeutralFace(ReadOnlySpan<float> baseline, ReadOnlySpan<bool> isPosition)
    {
        if (baseline.Length == 0 || baseline.Length != isPosition.Length)
        {
            throw new ArgumentException($"baseline ({baseline.Length}) and isPosition ({isPosition.Length}) need the same positive length");
        }

        _baseline = baseline.ToArray();
        _isPosition = isPosition.ToArray();
        _sum = new double[baseline.Length];
        _shift = new float[baseline.Length];
    }

    /// <summary>Inputs per face (all classifiers).</summary>
    public int Length => _baseline.Length;

    /// <summary>Frames averaged so far; 0 = no calibration (the shift is zero).</summary>
    public int Frames { get; private set; }

    /// <summary>Whether the appearance part is shifted as well as the positions.</summary>
    public bool ShiftsAppearance { get; private set; }

    /// <summary>What to add to a face's inputs before scoring: the baseline minus this person's neutral (zero when uncalibrated).</summary>
    public ReadOnlySpan<float> Shift => _shift;

    /// <summary>The person's neutral inputs (the mean of the frames), or empty when uncalibrated.</summary>
    public float[] Mean()
    {
        if (Frames == 0)
        {
            return [];
        }

        var mean = new float[_sum.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = (float)(_sum[i] / Frames);
        }

        return mean;
    }

    /// <summary>Adds one frame of the person at rest.</summary>
    public void Add(ReadOnlySpan<float> inputs)
    {
        Check(inputs);
        for (var i = 0; i < _sum.Length; i++)
        {
            _sum[i] += inputs[i];
        }

        Frames++;
        Update();
    }

    /// <summary>Replaces the calibration by a stored mean of <paramref name="frames"/> frames.</summary>
    public void Restore(ReadOnlySpan<float> mean, int frames)
    {
        Check(mean);
        if (frames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "a stored neutral comes from at least one frame");
        }

        for (var i = 0; i < _sum.Length; i++)
        {
            _sum[i] = (double)mean[i] * frames;
        }

        Frames = frames;
        Update();
    }

    /// <summary>Chooses whether the appearance part is shifted (positions always are).</summary>
    public void UseAppearance(bool shift)
    {
        ShiftsAppearance = shift;
        Update();
    }

    /// <summary>Forgets the calibration.</summary>
    public void Clear()
    {
        Array.Clear(_sum);
        Frames = 0;
        Update();
    }

    /// <summary>Adds <see cref="Shift"/> to one face's inputs, in place.</summary>
    public void Apply(Span<float> inputs)
    {
        if (inputs.Length != _baseline.Length)
        {
            throw new ArgumentException($"a face has {_baseline.Length} inputs here, got {inputs.Length}", nameof(inputs));
        }

        if (Frames == 0)
        {
            return;
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] += _shift[i];
        }
    }

    private void Update()
    {
        for (var i = 0; i < _shift.Length; i++)
        {
            _shift[i] = Frames == 0 || (!_isPosition[i] && !ShiftsAppearance) ? 0f : (float)(_baseline[i] - (_sum[i] / Frames));
        }
    }

    private void Check(ReadOnlySpan<float> inputs)
    {
        if (inputs.Length != _baseline.Length)
        {
            throw new ArgumentException($"a face has {_baseline.Length} inputs here, got {inputs.Length}", nameof(inputs));
        }

        foreach (var v in inputs)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException("a face's inputs hold a value that is not a finite number", nameof(inputs));
            }
        }
    }
}
