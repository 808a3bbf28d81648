using System.Text.Json;
using System.Text;
using FerEdge.Core.Contract;

namespace FerEdge.Messaging.Tests;

/// <summary>Topic names, payload JSON and option validation.</summary>
public sealed class ContractTests
{
    [Fact]
    public void Full_ContractTopics_UnderDeviceRoot()
    {
        Assert.Equal("feredge/robot-1/", MqttTopics.Root("robot-1"));
        Assert.Equal("feredge/robot-1/status", MqttTopics.Full("robot-1", MqttTopics.Status));
        Assert.Equal("feredge/robot-1/emotion", MqttTopics.Full("robot-1", MqttTopics.Emotion));
        Assert.Equal("feredge/robot-1/explanation", MqttTopics.Full("robot-1", MqttTopics.Explanation));
        Assert.Equal("feredge/robot-1/metrics", MqttTopics.Full("robot-1", MqttTopics.Metrics));
        Assert.Equal((MqttQos.AtLeastOnce, true), (MqttTopics.Status.Qos, MqttTopics.Status.Retain));
        Assert.Equal((MqttQos.AtMostOnce, false), (MqttTopics.Emotion.Qos, MqttTopics.Emotion.Retain));
        Assert.Equal((MqttQos.AtLeastOnce, false), (MqttTopics.Explanation.Qos, MqttTopics.Explanation.Retain));
        Assert.Equal((MqttQos.AtMostOnce, false), (MqttTopics.Metrics.Qos, MqttTopics.Metrics.Retain));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("#")]
    [InlineData("my robot")]
    public void Root_BadDeviceId_ThrowsNamingIt(string deviceId)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => MqttTopics.Root(deviceId));
        Assert.Contains("device", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("a/#")]
    [InlineData("/a")]
    [InlineData("a//b")]
    public void MqttTopic_Wildcard_Throws(string suffix) =>
        Assert.Throws<ArgumentException>(() => new MqttTopic(suffix, MqttQos.AtMostOnce, retain: false));

    [Fact]
    public void Serialize_Status_SnakeCaseWithSchemaAndIsoTime()
    {
        var status = StatusPayload.CreateOnline("r1", "0.1.0", ["m1", "m2"], new DateTimeOffset(2026, 11, 24, 2, 1, 51, TimeSpan.Zero), new StatusPorts(1883, 9001, 8080));

        var json = Encoding.UTF8.GetString(MqttPayloads.Serialize(status));

        Assert.Equal(
            """{"schema":1,"state":"online","version":"0.1.0","models":["m1","m2"],"started_at":"2026-11-24T02:01:51+00:00","ports":{"mqtt":1883,"ws":9001,"http":8080},"device":"r1"}""",
            json);
        Assert.Equal(status with { Models = status.Models }, MqttPayloads.DeserializeStatus(Encoding.UTF8.GetBytes(json)) with { Models = status.Models });
    }

    [Fact]
    public void Serialize_StatusWithDisplayName_CarriesItAndKeepsItInTheLastWill()
    {
        var status = StatusPayload.CreateOnline("room-12", "0.1.0", ["m1"], new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), new StatusPorts(8883, 9001, null), "Room 12 (Anna)");

        var json = Encoding.UTF8.GetString(MqttPayloads.Serialize(status with { State = StatusPayload.Offline }));

        Assert.EndsWith(""","device":"room-12","display_name":"Room 12 (Anna)"}""", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"offline\"", json, StringComparison.Ordinal);
        Assert.Equal("Room 12 (Anna)", MqttPayloads.DeserializeStatus(Encoding.UTF8.GetBytes(json)).DisplayName);
    }

    [Fact]
    public void DeserializeStatus_NotJson_ThrowsJsonException() =>
        Assert.ThrowsAny<JsonException>(() => MqttPayloads.DeserializeStatus("not json"u8));

    [Fact]
    public void Validate_BadOptions_ThrowNamingTheSetting()
    {
        var good = new MqttPublisherOptions { BrokerUri = new Uri("mqtt://127.0.0.1:1883"), DeviceId = "d" };
        good.Validate();

        Assert.Contains("broker URI", Assert.ThrowsAny<ArgumentException>(() => new MqttPublisherOptions { BrokerUri = new Uri("http://x"), DeviceId = "d" }.Validate()).Message, StringComparison.Ordinal);
        Assert.Equal("OutboxCapacity", Assert.ThrowsAny<ArgumentException>(() => new MqttPublisherOptions { BrokerUri = good.BrokerUri, DeviceId = "d", OutboxCapacity = 0 }.Validate()).ParamName);
        Assert.Equal("ReconnectMaxDelay", Assert.ThrowsAny<ArgumentException>(() => new MqttPublisherOptions { BrokerUri = good.BrokerUri, DeviceId = "d", ReconnectMaxDelay = TimeSpan.FromMilliseconds(1) }.Validate()).ParamName);
        Assert.Contains("emotion", Assert.ThrowsAny<ArgumentException>(() => new MqttPublisherOptions
        {
            BrokerUri = good.BrokerUri,
            DeviceId = "d",
            RateLimits = new Dictionary<string, TopicRateLimit> { ["emotion"] = new(0, 1) },
        }.Validate()).Message, StringComparison.Ordinal);
        Assert.Equal("WebSocketPort", Assert.ThrowsAny<ArgumentException>(() => new EmbeddedBrokerOptions { WebSocketPort = 70000 }.Validate()).ParamName);
        Assert.Throws<ArgumentException>(() => new EmbeddedBrokerOptions { MqttPort = 5000, WebSocketPort = 5000 }.Validate());
    }
}
