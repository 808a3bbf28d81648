using System.Globalization;
using FerEdge.Core.Emotions;
using FerEdge.Core.Options;

namespace FerEdge.Dashboard;

/// <summary>
/// Settings of the caregiver dashboard: whether it is served, and the alert rules and time windows the page applies.
/// Validated by <see cref="Validate"/> when the dashboard is mapped; not read again afterwards.
/// </summary>
public sealed record DashboardOptions
{
    /// <summary>Whether the host serves the dashboard at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The page's HTTP port (also /healthz and /readyz); 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>
    /// Where a tablet reaches an external broker's MQTT over WebSockets (<c>wss://broker.home:9001/mqtt</c>; a
    /// loopback host is replaced by the page's own host). Null: the embedded broker's WebSocket port on the page's own
    /// host. An external broker cannot be reached without it.
    /// </summary>
    public Uri? BrokerWebSocketUrl { get; init; }

    /// <summary>
    /// The broker account a device's page connects with when the device publishes to an external broker (which cannot
    /// check the page's session tokens); with <see cref="BrokerPasswordFile"/>. Null: the page logs in with the
    /// caregiver's name and session token, which only the embedded broker accepts.
    /// </summary>
    public string? BrokerUser { get; init; }

    /// <summary>The password of <see cref="BrokerUser"/>: the first line of a file readable by this account only (0600).</summary>
    public string? BrokerPasswordFile { get; init; }

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

    /// <summary>
    /// How long a caregiver's login lasts, counted from the login (not renewed by use). After it the page shows the
    /// login form again and the broker refuses the session token.
    /// </summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Throws when a setting cannot be used, naming it.</summary>
    /// <exception cref="ArgumentException">An emotion is not a contract label, or a duration is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(AlertEmotions);
        OptionRules.InRange(Port, 0, 65535, nameof(Port));
        if (BrokerWebSocketUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("ws" or "wss") || url.Port <= 0))
        {
            throw new ArgumentException($"must be an absolute ws:// or wss:// URL, got '{url}'", nameof(BrokerWebSocketUrl));
        }

        foreach (var emotion in AlertEmotions)
        {
            if (!EmotionLabels.WireLabels.Contains(emotion))
            {
                throw new ArgumentException(
                    $"must list emotion labels ({string.Join(", ", EmotionLabels.WireLabels)}), got '{emotion}'", nameof(AlertEmotions));
            }
        }

        if ((BrokerUser is null) != (BrokerPasswordFile is null))
        {
            throw new ArgumentException("must be given with the other of the broker user and its password file", BrokerUser is null ? nameof(BrokerUser) : nameof(BrokerPasswordFile));
        }

        RequireRange(EmotionAlertAfter, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), nameof(EmotionAlertAfter));
        if (NoFaceAlertAfter is { } noFace)
        {
            RequireRange(noFace, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), nameof(NoFaceAlertAfter));
        }

        RequireRange(StaleAfter, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), nameof(StaleAfter));
        RequireRange(TimelineWindow, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), nameof(TimelineWindow));
        RequireRange(SessionLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), nameof(SessionLifetime));
    }

    private static void RequireRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(
                name, value, string.Create(CultureInfo.InvariantCulture, $"must be from {min.TotalSeconds} to {max.TotalSeconds} seconds"));
        }
    }
}
