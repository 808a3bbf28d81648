namespace FerEdge.Core.Emotions;

/// <summary>
/// Turns the seven classifiers' calibrated probabilities of successive frames into one decided emotion: each frame's
/// label <see cref="EmotionDecision.Distribution"/> (neutral takes what the seven leave) is smoothed over media time,
/// and the decided label changes only when another label's smoothed probability exceeds it by
/// <see cref="EmotionDecisionOptions.SwitchMargin"/>. The confidence is the decided label's smoothed probability, a
/// calibrated figure a caregiver may read literally.
/// </summary>
/// <remarks>Stateful and not thread-safe: one instance per followed face. Allocation-free per frame.</remarks>
public sealed class EmotionDecider
{
    private const int Classes = 7;
    private readonly EmotionDecisionOptions _options;
    private readonly float[] _frame = new float[EmotionLabels.Count];
    private readonly float[] _smoothed = new float[EmotionLabels.Count];
    private readonly float[] _scores = new float[Classes];
    private bool _primed;
    private double _lastTime;
    private Emotion _decided = Emotion.Neutral;

    /// <summary>Creates a decider.</summary>
    public EmotionDecider(EmotionDecisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The smoothed probability of each classified emotion after the last update (<see cref="EmotionLabels.Classified"/> order).</summary>
    public ReadOnlySpan<float> Scores => _scores;

    /// <summary>The smoothed distribution over all eight labels (<see cref="EmotionLabels.All"/> order).</summary>
    public ReadOnlySpan<float> Distribution => _smoothed;

    /// <summary>The emotion decided by the last update.</summary>
    public Emotion Decided => _decided;

    /// <summary>The decided label's smoothed probability, 0..1.</summary>
    public float Confidence { get; private set; }

    /// <summary>Feeds one frame's seven calibrated probabilities, seen at media time <paramref name="time"/> seconds; returns the decided emotion.</summary>
    public Emotion Update(ReadOnlySpan<float> probabilities, double time)
    {
        if (probabilities.Length != Classes)
        {
            throw new ArgumentException($"Expected {Classes} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        EmotionDecision.Distribution(probabilities, _frame);
        var weight = 1f;
        if (_primed && _options.SmoothingSeconds > 0)
        {
            var dt = time - _lastTime;
            weight = dt > 0 && double.IsFinite(dt) ? (float)(1 - Math.Exp(-dt / _options.SmoothingSeconds)) : 0f;
        }

        for (var i = 0; i < _smoothed.Length; i++)
        {
            _smoothed[i] = _primed ? _smoothed[i] + (weight * (_frame[i] - _smoothed[i])) : _frame[i];
        }

        var first = !_primed;
        _primed = true;
        _lastTime = time;
        var best = EmotionDecision.Largest(_smoothed);
        if (first || (best != _decided && _smoothed[(int)best] >= _smoothed[(int)_decided] + _options.SwitchMargin))
        {
            _decided = best;
        }

        var classified = EmotionLabels.Classified;
        for (var k = 0; k < Classes; k++)
        {
            _scores[k] = _smoothed[(int)classified[k]];
        }

        Confidence = _smoothed[(int)_decided];
        return _decided;
    }

    /// <summary>Forgets the history (the face was lost or changed).</summary>
    public void Reset()
    {
        Array.Clear(_smoothed);
        Array.Clear(_scores);
        _primed = false;
        _decided = Emotion.Neutral;
        Confidence = 0;
    }
}
