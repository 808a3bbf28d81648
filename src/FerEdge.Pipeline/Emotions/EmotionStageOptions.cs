using FerEdge.Core.Emotions;
using FerEdge.Core.Options;

namespace FerEdge.Pipeline.Emotions;

/// <summary>Decision and explanation settings of the inference stage.</summary>
public sealed record EmotionStageOptions
{
    /// <summary>Calibration, smoothing and hysteresis of the decision.</summary>
    public EmotionDecisionOptions Decision { get; init; } = new();

    /// <summary>Explanations per second of media time at most (besides one on every change of decided emotion), in [0, 100]; 0 only on changes.</summary>
    public double ExplanationsPerSecond { get; init; } = 2;

    /// <summary>Throws naming the first invalid value.</summary>
    public void Validate()
    {
        Decision.Validate();
        OptionRules.InInterval(ExplanationsPerSecond, 0, 100, "[]", nameof(ExplanationsPerSecond));
    }
}
