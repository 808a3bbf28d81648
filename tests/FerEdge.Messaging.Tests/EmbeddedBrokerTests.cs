using System.Net;
using FerEdge.Core.Contract;
using MQTTnet.Formatter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FerEdge.Messaging.Tests;

/// <summary>The publisher against the in-process broker, over TCP and WebSockets, with MQTT 5 and 3.1.1 clients.</summary>
public sealed class EmbeddedBrokerTests
{
    private static Task<EmbeddedBroker> StartLoopbackBrokerAsync(int? httpPort = null, Action<WebApplication>? configureApp = null) =>
        LoopbackBroker.StartAsync(LoopbackBroker.Options with { HttpPort = httpPort, ConfigureApp = configureApp });

    [Fact]
    public async Task StartAsync_PortZero_ReadsBackDistinctBoundPorts()
    {
        await using var broker = await StartLoopbackBrokerAsync();

        Assert.InRange(broker.MqttPort, 1, 65535);
        Assert.InRange(broker.WebSocketPort, 1, 65535);
        Assert.NotEqual(broker.MqttPort, broker.WebSocketPort);
        Assert.Equal(new Uri($"mqtt://127.0.0.1:{broker.MqttPort}"), broker.MqttUri);
        Assert.Equal(new Uri($"ws://127.0.0.1:{broker.WebSocketPort}/mqtt"), broker.WebSocketUri);
    }

    [Fact]
    public async Task StartAsync_PortTaken_ThrowsNamingThePort()
    {
        await using var first = await StartLoopbackBrokerAsync();

        var ex = await Assert.ThrowsAsync<IOException>(() => EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            AllowPlainText = true,
            AllowAnonymous = true,
            BindAddress = IPAddress.Loopback,
            MqttPort = first.MqttPort,
            WebSocketPort = 0,
        }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains(first.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MqttProtocol.V500, MqttProtocolVersion.V500, false)]
    [InlineData(MqttProtocol.V500, MqttProtocolVersion.V311, false)]
    [InlineData(MqttProtocol.V311, MqttProtocolVersion.V311, false)]
    [InlineData(MqttProtocol.V311, MqttProtocolVersion.V500, false)]
    [InlineData(MqttProtocol.V500, MqttProtocolVersion.V500, true)]
    [InlineData(MqttProtocol.V311, MqttProtocolVersion.V311, true)]
    public async Task Publisher_EachTopic_ArrivesWithContractQosAndSchema(MqttProtocol publisherProtocol, MqttProtocolVersion subscriberProtocol, bool overWebSockets)
    {
        await using var broker = await StartLoopbackBrokerAsync();
        var uri = overWebSockets ? broker.WebSocketUri : broker.MqttUri;
        var device = TestDevice.NewId("topics");
        await using var subscriber = await TestSubscriber.ConnectAsync(uri, $"feredge/{device}/#", subscriberProtocol);
        await using var publisher = new MqttPublisher(TestDevice.Options(uri, device, publisherProtocol), TestDevice.Status(device));
        publisher.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect");

        for (var i = 0; i < 3; i++)
        {
            Assert.True(publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(i)));
            Assert.True(publisher.Enqueue(MqttTopics.Explanation, TestDevice.Explanation(i)));
            Assert.True(publisher.Enqueue(MqttTopics.Metrics, TestDevice.Metrics(i)));
        }

        Assert.True(await subscriber.WaitForAsync(r => r.Count >= 10, TestDevice.Wait), $"received {subscriber.Received.Count} of 10");
        var status = Assert.Single(subscriber.On(MqttTopics.Status));
        Assert.Equal($"feredge/{device}/status", status.Topic);
        Assert.Equal(MqttQos.AtLeastOnce, status.Qos);
        Assert.Equal(StatusPayload.Online, status.State());
        Assert.Equal(MqttPayloads.Schema, status.Schema());
        AssertTopic(subscriber.On(MqttTopics.Emotion), MqttQos.AtMostOnce, "\"frame\":");
        AssertTopic(subscriber.On(MqttTopics.Explanation), MqttQos.AtLeastOnce, "\"regions\":");
        AssertTopic(subscriber.On(MqttTopics.Metrics), MqttQos.AtMostOnce, "\"fps\":");
        // A QoS 1 message counts as published once its acknowledgement is back, which may be after the subscriber has it.
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.GetCounters().Published == 9, TestDevice.Wait), $"published {publisher.GetCounters().Published} of 9");
        Assert.Equal(0, publisher.GetCounters().Dropped);
    }

    [Fact]
    public async Task Status_LateSubscriber_GetsRetainedOnlineThenOfflineAfterCleanShutdown()
    {
        await using var broker = await StartLoopbackBrokerAsync();
        var device = TestDevice.NewId("retain");
        var publisher = new MqttPublisher(TestDevice.Options(broker.MqttUri, device), TestDevice.Status(device));
        publisher.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect");

        await using (var late = await TestSubscriber.ConnectAsync(broker.WebSocketUri, $"feredge/{device}/status", MqttProtocolVersion.V311))
        {
            Assert.True(await late.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no retained status");
            var online = Assert.Single(late.Received);
            Assert.True(online.Retain);
            Assert.Equal(StatusPayload.Online, online.State());
            var parsed = MqttPayloads.DeserializeStatus(online.Payload);
            Assert.Equal(["emotion-happy@1", "blazeface-front"], parsed.Models);
            Assert.Equal(device, parsed.Device);
            Assert.Equal(9001, parsed.Ports.Ws);
        }

        await publisher.DisposeAsync();

        await using var afterShutdown = await TestSubscriber.ConnectAsync(broker.MqttUri, $"feredge/{device}/status");
        Assert.True(await afterShutdown.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no retained status after shutdown");
        var offline = Assert.Single(afterShutdown.Received);
        Assert.True(offline.Retain);
        Assert.Equal(StatusPayload.Offline, offline.State());
    }

    [Fact]
    public async Task HttpPort_ExtraRoute_ServedBySameKestrel()
    {
        await using var broker = await StartLoopbackBrokerAsync(httpPort: 0, configureApp: app => app.MapGet("/health", () => Results.Text("ok")));
        Assert.NotNull(broker.HttpPort);

        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{broker.HttpPort}/health"), TestContext.Current.CancellationToken);

        Assert.Equal("ok", body);
    }

    private static void AssertTopic(IReadOnlyList<ReceivedMessage> messages, MqttQos qos, string marker)
    {
        Assert.Equal(3, messages.Count);
        foreach (var m in messages)
        {
            Assert.Equal(qos, m.Qos);
            Assert.False(m.Retain);
            Assert.Equal(1, m.Schema());
            Assert.Contains(marker, m.Text, StringComparison.Ordinal);
        }
    }
}
