using FerEdge.Core.Contract;

namespace FerEdge.Messaging;

/// <summary>Why a message given to <see cref="MqttPublisher.Enqueue(MqttTopic, ReadOnlyMemory{byte})"/> was not published.</summary>
public enum MqttDropReason
{
    /// <summary>The outbox was full and this, its oldest message, made room for a newer one.</summary>
    OutboxFull,

    /// <summary>The topic's rate limit refused it at enqueue time.</summary>
    RateLimited,

    /// <summary>The broker connection failed while it was being sent.</summary>
    SendFailed,

    /// <summary>The publisher was disposed before it could be sent, or it was enqueued after disposal.</summary>
    Shutdown,
}
