namespace FerEdge.Messaging;

/// <summary>
/// A snapshot of a publisher's counters since it was created. Every enqueued message ends up published, dropped
/// (for one reason) or still in the outbox: <c>Enqueued = Published + Dropped + OutboxCount</c>, give or take the one
/// message being sent while the snapshot is taken.
/// </summary>
public readonly record struct MqttPublisherCounters(
    long Enqueued,
    long Published,
    long DroppedOutboxFull,
    long DroppedRateLimited,
    long DroppedSendFailed,
    long DroppedShutdown,
    int OutboxCount,
    long Connects,
    long Reconnects,
    long ConnectFailures,
    bool IsConnected)
{
    /// <summary>All drops, whatever the reason.</summary>
    public long Dropped => DroppedOutboxFull + DroppedRateLimited + DroppedSendFailed + DroppedShutdown;
}
