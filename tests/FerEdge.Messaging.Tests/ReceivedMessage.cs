using System.Text.Json;
using System.Text;
using FerEdge.Core.Contract;

namespace FerEdge.Messaging.Tests;

/// <summary>One message as a test subscriber received it.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, MqttQos Qos, bool Retain)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary>The payload's <c>schema</c> field; fails the test when the payload is not a JSON object with one.</summary>
    public int Schema()
    {
        using var doc = JsonDocument.Parse(Payload);
        return doc.RootElement.GetProperty("schema").GetInt32();
    }

    /// <summary>The <c>state</c> of a status payload.</summary>
    public string State() => MqttPayloads.DeserializeStatus(Payload).State;
}
