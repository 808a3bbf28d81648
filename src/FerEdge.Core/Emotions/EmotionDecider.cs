namespace FerEdge.Core.Emotions;

/// <summary>
/// Turns the seven binary classifiers' scores of successive frames into one decided emotion: each raw score is
/// calibrated so that its classifier's threshold maps to 0.5, smoothed over frames, and switched on and off with
/// hysteresis; neutral is decided when no classifier fires.
/// </summary>
/// <remarks>Stateful and not thread-safe: one instance per followed face. Allocation-free per frame.</remarks>
public sealed class EmotionDecider
{
    private const int Classes = 7;
    private readonly EmotionDecisionOptions _options;
    private readonly float[] _thresholds;
    private readonly float[] _smoothed = new float[Classes];
    private readonly bool[] _firing = new bool[Classes];
    private bool _primed;
    private Emotion _decided = Emotion.Neutral;

    /// <summary>
    /// Creates a decider for classifiers with the given decision thresholds (raw score units, in (0, 1)), ordered as
    /// <see cref="EmotionLabels.Classified"/>.
    /// </summary>
    public EmotionDecider(ReadOnlySpan<float> thresholds, EmotionDecisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (thresholds.Length != Classes)
        {
            throw new ArgumentException($"Expected {Classes} thresholds, got {thresholds.Length}.", nameof(thresholds));
        }

        foreach (var t in thresholds)
        {
            if (!(t > 0 && t < 1))
            {
                throw new ArgumentException($"Thresholds must be in (0, 1), got {t}.", nameof(thresholds));
            }
        }

        _thresholds = thresholds.ToArray();
        _options = options;
    }

    /// <summary>The smoothed calibrated score of each classifier after the last update (0..1, 0.5 = threshold).</summary>
    public ReadOnlySpan<float> Scores => _smoothed;

    /// <summary>The emotion decided by the last update.</summary>
    public Emotion Decided => _decided;

    /// <summary>Confidence in <see cref="Decided"/>, 0..1.</summary>
    public float Confidence { get; private set; }

    /// <summary>Maps a raw score to the calibrated scale: the threshold goes to 0.5, 0 and 1 stay.</summary>
    public static float Calibrate(float raw, float threshold)
    {
        var s = Math.Clamp(raw, 0f, 1f);
        return s >= threshold
            ? 0.5f + (0.5f * (s - threshold) / (1f - threshold))
            : 0.5f * s / threshold;
    }

    /// <summary>Feeds one frame's raw scores (7 values) and returns the decided emotion.</summary>
    public Emotion Update(ReadOnlySpan<float> rawScores)
    {
        if (rawScores.Length != Classes)
        {
            throw new ArgumentException($"Expected {Classes} scores, got {rawScores.Length}.", nameof(rawScores));
        }

        var a = (float)_options.Smoothing;
        for (var i = 0; i < Classes; i++)
        {
            var c = Calibrate(rawScores[i], _thresholds[i]);
            _smoothed[i] = _primed ? _smoothed[i] + (a * (c - _smoothed[i])) : c;
            if (_firing[i])
            {
                _firing[i] = _smoothed[i] >= _options.OffLevel;
            }
            else
            {
                _firing[i] = _smoothed[i] >= _options.OnLevel;
            }
        }

        _primed = true;
        var best = -1;
        for (var i = 0; i < Classes; i++)
        {
            if (_firing[i] && (best < 0 || _smoothed[i] > _smoothed[best]))
            {
                best = i;
            }
        }

        var current = _decided == Emotion.Neutral ? -1 : ClassIndex(_decided);
        if (best < 0)
        {
            _decided = Emotion.Neutral;
        }
        else if (current >= 0 && _firing[current] && _smoothed[best] < _smoothed[current] + _options.SwitchMargin)
        {
            best = current;
        }
        else
        {
            _decided = EmotionLabels.Classified[best];
        }

        if (_decided == Emotion.Neutral)
        {
            var max = 0f;
            foreach (var s in _smoothed)
            {
                max = MathF.Max(max, s);
            }

            Confidence = 1f - max;
        }
        else
        {
            Confidence = _smoothed[best];
        }

        return _decided;
    }

    /// <summary>Forgets the history (the face was lost or changed).</summary>
    public void Reset()
    {
        Array.Clear(_smoothed);
        Array.Clear(_firing);
        _primed = false;
        _decided = Emotion.Neutral;
        Confidence = 0;
    }

    private static int ClassIndex(Emotion e) => e < Emotion.Neutral ? (int)e : (int)e - 1;
}
