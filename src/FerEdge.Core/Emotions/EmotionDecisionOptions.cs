using FerEdge.Core.Options;

namespace FerEdge.Core.Emotions;

/// <summary>How the classifiers' calibrated probabilities of successive frames become one decided emotion. Validated by <see cref="Validate"/>.</summary>
public sealed record EmotionDecisionOptions
{
    /// <summary>
    /// Time constant, in seconds of media time, of the exponential moving average of the label distribution: a frame
    /// <c>Δt</c> after the previous one weighs <c>1 - e^(-Δt / τ)</c>. 0 disables smoothing. With 0.5 s a clear held
    /// expression (probability 0.9 after a neutral face) is decided after 0.4 s whatever the frame rate (docs/decision.md).
    /// </summary>
    public double SmoothingSeconds { get; init; } = 0.5;

    /// <summary>
    /// Another label replaces the decided one only when its smoothed probability is higher by this margin
    /// (hysteresis), so two close labels do not flicker.
    /// </summary>
    public double SwitchMargin { get; init; } = 0.1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        OptionRules.InInterval(SmoothingSeconds, 0, 10, "[]", nameof(SmoothingSeconds));
        OptionRules.InInterval(SwitchMargin, 0, 1, "[)", nameof(SwitchMargin));
    }
}
