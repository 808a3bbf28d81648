namespace FerEdge.Core.Emotions;

/// <summary>How raw classifier scores become one decided emotion. Validated by <see cref="Validate"/>.</summary>
public sealed record EmotionDecisionOptions
{
    /// <summary>
    /// Weight of the newest frame in the exponential moving average of calibrated scores, in (0, 1]; 1 disables
    /// smoothing. At 15 frames per second, 0.35 settles within about a quarter of a second.
    /// </summary>
    public double Smoothing { get; init; } = 0.35;

    /// <summary>A classifier starts firing when its smoothed calibrated score reaches this level (0.5 = its threshold).</summary>
    public double OnLevel { get; init; } = 0.55;

    /// <summary>A firing classifier stops when its smoothed calibrated score falls below this level (hysteresis).</summary>
    public double OffLevel { get; init; } = 0.45;

    /// <summary>
    /// Another firing emotion replaces the decided one only when its smoothed score is higher by this margin, so two
    /// close classifiers do not flicker.
    /// </summary>
    public double SwitchMargin { get; init; } = 0.05;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        Check(Smoothing > 0 && Smoothing <= 1, nameof(Smoothing), "must be in (0, 1]");
        Check(OnLevel > 0 && OnLevel < 1, nameof(OnLevel), "must be in (0, 1)");
        Check(OffLevel > 0 && OffLevel <= OnLevel, nameof(OffLevel), "must be in (0, OnLevel]");
        Check(SwitchMargin >= 0 && SwitchMargin < 1, nameof(SwitchMargin), "must be in [0, 1)");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} {rule}.", name);
        }
    }
}
