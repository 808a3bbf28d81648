namespace FerEdge.Messaging;

/// <summary>The MQTT protocol version a <see cref="MqttPublisher"/> speaks to its broker.</summary>
public enum MqttProtocol
{
    /// <summary>MQTT 3.1.1, for older brokers.</summary>
    V311,

    /// <summary>MQTT 5 (the default).</summary>
    V500,
}
