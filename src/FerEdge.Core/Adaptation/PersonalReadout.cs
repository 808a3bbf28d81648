using FerEdge.Core.Emotions;

namespace FerEdge.Core.Adaptation;

/// <summary>
/// One person's readout on top of the population classifiers: per classified emotion <c>e</c>, the person's
/// probability is <c>σ(w_eᵀ h)</c> with <c>h = [z_1 .. z_7, 1]</c> the population's seven log-odds and a bias. It
/// starts as the population's own readout (<c>w_e</c> picks <c>z_e</c>, so nothing changes) and learns from labelled
/// corrections by recursive least squares in information form: <c>A = λI + Σ h hᵀ</c>, <c>b_e = λ w0_e + Σ y_e h</c>,
/// <c>w_e = A⁻¹ b_e</c>. The solution is exact (an 8 x 8 solve), and every correction's sums are kept, so
/// <see cref="Undo"/> removes exactly its contribution and <see cref="Reset"/> returns to the population.
/// </summary>
/// <remarks>
/// A correction's frames count as one labelled example together (each frame weighs 1/n), so a second of video and
/// one photo move the readout alike. Targets push only what is on the wrong side: for the labelled emotion
/// <c>y = max(z, logit 0.7)</c>, for every other <c>y = min(z, logit 0.08)</c> (a neutral label lowers all seven), so a
/// frame the population already reads right adds no pull away from it. Not thread-safe.
/// </remarks>
public sealed class PersonalReadout
{
    /// <summary>Readout inputs: seven log-odds and a bias.</summary>
    public const int Inputs = 8;

    /// <summary>
    /// Default weight of the population prior, in labelled examples: chosen among 0.5-16 on the training half of
    /// faces-in-the-wild's people (models/REPORT.md, personal adaptation), never on the held-out people it is reported on.
    /// </summary>
    public const double DefaultPrior = 8.0;

    /// <summary>Corrections kept at most; the oldest is folded into the prior's sums when more arrive.</summary>
    public const int MaxCorrections = 1000;

    private const int Emotions = 7;
    private const double LogitClamp = 9.0;
    private static readonly double PositiveTarget = Math.Log(0.7 / 0.3);
    private static readonly double NegativeTarget = Math.Log(0.08 / 0.92);

    private readonly List<ReadoutCorrection> _corrections = [];
    private readonly double[] _a = new double[Inputs * Inputs];
    private readonly double[] _b = new double[Emotions * Inputs];
    private readonly double[] _w = new double[Emotions * Inputs];
    private readonly double[] _factor = new double[Inputs * Inputs];
    private ReadoutCorrection? _folded;

    /// <summary>A readout equal to the population's, with prior weight <paramref name="prior"/> (&gt; 0).</summary>
    public PersonalReadout(double prior = DefaultPrior)
    {
        if (!(prior > 0) || !double.IsFinite(prior))
        {
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "the prior weight must be a positive number");
        }

        Prior = prior;
        Rebuild();
    }

    /// <summary>Weight of the population prior, in labelled examples.</summary>
    public double Prior { get; }

    /// <summary>Corrections that <see cref="Undo"/> can still remove, oldest first.</summary>
    public IReadOnlyList<ReadoutCorrection> Corrections => _corrections;

    /// <summary>Corrections learnt in all, including any folded in beyond <see cref="MaxCorrections"/>.</summary>
    public int Count => _corrections.Count + (_folded?.Count ?? 0);

    /// <summary>Corrections folded into the sums (no longer undoable), or null.</summary>
    public ReadoutCorrection? Folded => _folded;

    /// <summary>True while the readout equals the population's.</summary>
    public bool IsPopulation => Count == 0;

    /// <summary>
    /// Learns that the frames whose population probabilities are <paramref name="probabilities"/> (n x 7 values, frame
    /// after frame, <see cref="EmotionLabels.Classified"/> order) show <paramref name="label"/>. Returns the correction's sums.
    /// </summary>
    public ReadoutCorrection Correct(Emotion label, ReadOnlySpan<float> probabilities)
    {
        if ((uint)label >= EmotionLabels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, "not a defined emotion");
        }

        if (probabilities.Length == 0 || probabilities.Length % Emotions != 0)
        {
            throw new ArgumentException($"probabilities needs a positive multiple of {Emotions} values, got {probabilities.Length}", nameof(probabilities));
        }

        var frames = probabilities.Length / Emotions;
        var weight = 1.0 / frames;
        var correction = new ReadoutCorrection(label, 1, new double[Inputs * Inputs], new double[Emotions * Inputs]);
        Span<double> h = stackalloc double[Inputs];
        for (var f = 0; f < frames; f++)
        {
            Features(probabilities.Slice(f * Emotions, Emotions), h);
            for (var i = 0; i < Inputs; i++)
            {
                for (var j = 0; j < Inputs; j++)
                {
                    correction.Moments[(i * Inputs) + j] += weight * h[i] * h[j];
                }
            }

            var classified = EmotionLabels.Classified;
            for (var e = 0; e < Emotions; e++)
            {
                var y = classified[e] == label ? Math.Max(h[e], PositiveTarget) : Math.Min(h[e], NegativeTarget);
                for (var i = 0; i < Inputs; i++)
                {
                    correction.Targets[(e * Inputs) + i] += weight * y * h[i];
                }
            }
        }

        Add(correction);
        return correction;
    }

    /// <summary>Adds a correction's sums as they are (a stored profile's, or one <see cref="Correct"/> returned).</summary>
    public void Add(ReadoutCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        correction.Validate();
        _corrections.Add(correction);
        if (_corrections.Count > MaxCorrections)
        {
            _folded = _folded is null ? _corrections[0] : _folded.Plus(_corrections[0]);
            _corrections.RemoveAt(0);
        }

        Rebuild();
    }

    /// <summary>Restores the sums of corrections folded in beyond <see cref="MaxCorrections"/> (from a stored profile).</summary>
    public void RestoreFolded(ReadoutCorrection folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        folded.Validate();
        _folded = folded;
        Rebuild();
    }

    /// <summary>Removes the last correction exactly. False when there is none left to undo.</summary>
    public bool Undo()
    {
        if (_corrections.Count == 0)
        {
            return false;
        }

        _corrections.RemoveAt(_corrections.Count - 1);
        Rebuild();
        return true;
    }

    /// <summary>Forgets every correction: the readout is the population's again.</summary>
    public void Reset()
    {
        _corrections.Clear();
        _folded = null;
        Rebuild();
    }

    /// <summary>
    /// Replaces seven population probabilities (<see cref="EmotionLabels.Classified"/> order) by the person's, in place.
    /// Allocation-free; does nothing while the readout is the population's.
    /// </summary>
    public void Apply(Span<float> probabilities)
    {
        if (probabilities.Length != Emotions)
        {
            throw new ArgumentException($"probabilities needs {Emotions} values, got {probabilities.Length}", nameof(probabilities));
        }

        if (IsPopulation)
        {
            return;
        }

        Span<double> h = stackalloc double[Inputs];
        Features(probabilities, h);
        for (var e = 0; e < Emotions; e++)
        {
            double z = 0;
            for (var i = 0; i < Inputs; i++)
            {
                z += _w[(e * Inputs) + i] * h[i];
            }

            probabilities[e] = (float)(1.0 / (1.0 + Math.Exp(-z)));
        }
    }

    /// <summary>The readout's weights of <paramref name="emotion"/>'s classifier: 7 log-odds weights and the bias.</summary>
    public ReadOnlySpan<double> Weights(Emotion emotion)
    {
        var e = EmotionLabels.Classified.IndexOf(emotion);
        if (e < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(emotion), emotion, "neutral has no classifier");
        }

        return _w.AsSpan(e * Inputs, Inputs);
    }

    private static void Features(ReadOnlySpan<float> probabilities, Span<double> h)
    {
        for (var e = 0; e < Emotions; e++)
        {
            var p = probabilities[e];
            var z = float.IsFinite(p) ? Math.Log(Math.Clamp(p, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(p, 1e-6, 1 - 1e-6))) : 0;
            h[e] = Math.Clamp(z, -LogitClamp, LogitClamp);
        }

        h[Inputs - 1] = 1;
    }

    private void Rebuild()
    {
        Array.Clear(_a);
        Array.Clear(_b);
        for (var i = 0; i < Inputs; i++)
        {
            _a[(i * Inputs) + i] = Prior;
        }

        for (var e = 0; e < Emotions; e++)
        {
            _b[(e * Inputs) + e] = Prior;
        }

        if (_folded is not null)
        {
            Accumulate(_folded);
        }

        foreach (var c in _corrections)
        {
            Accumulate(c);
        }

        Solve();
    }

    private void Accumulate(ReadoutCorrection c)
    {
        for (var i = 0; i < _a.Length; i++)
        {
            _a[i] += c.Moments[i];
        }

        for (var i = 0; i < _b.Length; i++)
        {
            _b[i] += c.Targets[i];
        }
    }

    /// <summary>Cholesky factor of A (symmetric positive definite: λI plus moments), then each emotion's weights.</summary>
    private void Solve()
    {
        var l = _factor;
        Array.Clear(l);
        for (var i = 0; i < Inputs; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = _a[(i * Inputs) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * Inputs) + k] * l[(j * Inputs) + k];
                }

                l[(i * Inputs) + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / l[(j * Inputs) + j];
            }
        }

        Span<double> y = stackalloc double[Inputs];
        for (var e = 0; e < Emotions; e++)
        {
            var b = _b.AsSpan(e * Inputs, Inputs);
            var w = _w.AsSpan(e * Inputs, Inputs);
            for (var i = 0; i < Inputs; i++)
            {
                var sum = b[i];
                for (var k = 0; k < i; k++)
                {
                    sum -= l[(i * Inputs) + k] * y[k];
                }

                y[i] = sum / l[(i * Inputs) + i];
            }

            for (var i = Inputs - 1; i >= 0; i--)
            {
                var sum = y[i];
                for (var k = i + 1; k < Inputs; k++)
                {
                    sum -= l[(k * Inputs) + i] * w[k];
                }

                w[i] = sum / l[(i * Inputs) + i];
            }
        }
    }
}
