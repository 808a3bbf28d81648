using FerEdge.Core.Emotions;

namespace FerEdge.Dashboard;

/// <summary>
/// Settings of the caregiver dashboard: whether it is served, and the alert rules and time windows the page applies.
/// Validated by <see cref="Validate"/> when the dashboard is mapped; not read again afterwards.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>Whether the host serves the dashboard at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Emotions that need attention: an alert is raised when the decided emotion stays within this set for longer
    /// than <see cref="EmotionAlertAfter"/>. Empty turns the rule off.
    /// </summary>
    public IReadOnlyList<string> AlertEmotions { get; init; } = ["sadness", "anger", "fear"];

    /// <summary>How long the decided emotion must stay within <see cref="AlertEmotions"/> before the alert is raised.</summary>
    public TimeSpan EmotionAlertAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long no face may be in view before an alert is raised; null turns the rule off.</summary>
    public TimeSpan? NoFaceAlertAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The page shows the device as stale when no emotion message came for this long.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How far back the timeline reaches.</summary>
    public TimeSpan TimelineWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws when a setting cannot be used, naming it.</summary>
    /// <exception cref="ArgumentException">An emotion is not a contract label, or a duration is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(AlertEmotions);
        foreach (var emotion in AlertEmotions)
        {
            if (!EmotionLabels.WireLabels.Contains(emotion))
            {
                throw new ArgumentException(
                    $"alert emotion '{emotion}' is not one of {string.Join(", ", EmotionLabels.WireLabels)}", nameof(AlertEmotions));
            }
        }

        RequireRange(EmotionAlertAfter, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), nameof(EmotionAlertAfter));
        if (NoFaceAlertAfter is { } noFace)
        {
            RequireRange(noFace, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), nameof(NoFaceAlertAfter));
        }

        RequireRange(StaleAfter, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), nameof(StaleAfter));
        RequireRange(TimelineWindow, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), nameof(TimelineWindow));
    }

    private static void RequireRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"must be between {min} and {max}");
        }
    }
}
