using FerEdge.Core.Contract;

namespace FerEdge.Messaging;

/// <summary>A message waiting in a publisher's outbox; the payload is not copied (see Enqueue's ownership rule).</summary>
internal readonly record struct OutboxMessage(MqttTopic Topic, ReadOnlyMemory<byte> Payload);
