using System.Diagnostics.Metrics;
using FerEdge.Core.Contract;
using FerEdge.Testing;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// A device's publisher mirrored to a bridge publisher (a second broker): the bridge gets a copy of every accepted
/// message and the current status for its connects, and a bridge whose broker is down never holds up the device's
/// own broker; its outbox stays bounded and its drops are counted.
/// </summary>
public sealed class BridgeMirrorTests
{
    [Fact]
    public async Task MirrorTo_BridgeBrokerDown_DeviceBrokerGetsEverythingAndTheBridgeStaysBounded()
    {
        await using var local = await LoopbackBroker.StartAsync();
        var id = TestDevice.NewId("mirror-down");
        await using var bridge = new MqttPublisher(
            TestDevice.Options(new Uri($"mqtt://127.0.0.1:{FreePort.Pick()}"), id, outboxCapacity: 8) with { Link = "bridge" }, TestDevice.Status(id));
        await using var device = new MqttPublisher(TestDevice.Options(local.MqttUri, id), TestDevice.Status(id));
        device.MirrorTo(bridge);
        bridge.Start();
        device.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => device.IsConnected, TestDevice.Wait), "the device did not connect to its own broker");
        await using var sub = await TestSubscriber.ConnectAsync(local.MqttUri, $"feredge/{id}/metrics");

        for (var i = 0; i < 200; i++)
        {
            Assert.True(device.Enqueue(MqttTopics.Metrics, TestDevice.Metrics(i)));
        }

        Assert.True(await sub.WaitForAsync(r => r.Count >= 200, TestDevice.Wait), $"the device's broker got {sub.Received.Count} of 200");
        var b = bridge.GetCounters();
        Assert.False(b.IsConnected);
        Assert.Equal(200, b.Enqueued);
        Assert.Equal(8, b.OutboxCount);
        Assert.Equal(192, b.DroppedOutboxFull);
        Assert.Equal(0, device.GetCounters().Dropped);

        // The two publishers' instruments are told apart by the bridge's link tag.
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MqttPublisher.MeterName && instrument.Meter.Tags?.Contains(new("device", id)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
            seen[instrument.Name + (instrument.Meter.Tags!.Any(t => t.Key == "link") ? "/bridge" : "/device")] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(8, seen["feredge.mqtt.outbox/bridge"]);
        Assert.Equal(0, seen["feredge.mqtt.connected/bridge"]);
        Assert.Equal(1, seen["feredge.mqtt.connected/device"]);
    }

    [Fact]
    public async Task MirrorTo_BridgeConnectsLater_GetsTheCurrentStatusAndTheCopies()
    {
        await using var local = await LoopbackBroker.StartAsync();
        await using var home = await LoopbackBroker.StartAsync();
        var id = TestDevice.NewId("mirror-up");
        await using var bridge = new MqttPublisher(TestDevice.Options(home.MqttUri, id), TestDevice.Status(id));
        await using var device = new MqttPublisher(TestDevice.Options(local.MqttUri, id), TestDevice.Status(id));
        device.MirrorTo(bridge);
        device.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => device.IsConnected, TestDevice.Wait), "the device did not connect to its own broker");
        device.SetDegraded("camera lost");
        device.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(7));

        bridge.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => bridge.IsConnected, TestDevice.Wait), "the bridge did not connect");
        await using var late = await TestSubscriber.ConnectAsync(home.MqttUri, $"feredge/{id}/#");
        Assert.True(await late.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no retained status on the bridge's broker");
        // The retained one, and the queued copy when it is sent after the subscription: both degraded, none online.
        Assert.NotEmpty(late.On(MqttTopics.Status));
        Assert.All(late.On(MqttTopics.Status), s => Assert.Equal(StatusPayload.Degraded, s.State()));

        device.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(8));
        Assert.True(await late.WaitForAsync(r => r.Any(m => m.Topic.EndsWith("/emotion", StringComparison.Ordinal)), TestDevice.Wait), "no copy on the bridge's broker");
    }

    [Fact]
    public async Task MirrorTo_AnotherDeviceOrItself_Refused()
    {
        await using var device = new MqttPublisher(TestDevice.Options(new Uri("mqtt://127.0.0.1:1"), "robot-a"), TestDevice.Status("robot-a"));
        await using var other = new MqttPublisher(TestDevice.Options(new Uri("mqtt://127.0.0.1:1"), "robot-b"), TestDevice.Status("robot-b"));
        Assert.Throws<ArgumentException>(() => device.MirrorTo(device));
        Assert.Throws<ArgumentException>(() => device.MirrorTo(other));
    }
}
