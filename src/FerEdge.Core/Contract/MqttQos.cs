namespace FerEdge.Core.Contract;

/// <summary>MQTT quality-of-service level of a published message (the wire values 0, 1, 2).</summary>
public enum MqttQos
{
    /// <summary>QoS 0: fire and forget; lost when the connection drops.</summary>
    AtMostOnce = 0,

    /// <summary>QoS 1: acknowledged by the broker; may arrive twice.</summary>
    AtLeastOnce = 1,

    /// <summary>QoS 2: exactly once, at the cost of a four-packet handshake.</summary>
    ExactlyOnce = 2,
}
