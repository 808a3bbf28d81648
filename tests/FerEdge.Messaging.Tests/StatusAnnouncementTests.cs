using FerEdge.Core.Contract;
using FerEdge.Testing;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// The retained status a broker keeps is the device's latest, however a change of state and a connect interleave:
/// a change made while the connect's own status is on its way is published after it, and a bridge is told of
/// changes while the device's own broker is away.
/// </summary>
public sealed class StatusAnnouncementTests
{
    [Fact]
    public async Task Connect_StateChangesWhileTheConnectsStatusIsInFlight_BrokerRetainsTheNewState()
    {
        await using var broker = await LoopbackBroker.StartAsync();
        var id = TestDevice.NewId("status-race");

        // The broker holds the first status publish (and so its acknowledgement) until the test has changed the state.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var statuses = 0;
        broker.Server.InterceptingPublishAsync += async e =>
        {
            if (e.ApplicationMessage.Topic == $"feredge/{id}/status" && Interlocked.Increment(ref statuses) == 1)
            {
                held.TrySetResult();
                await release.Task.WaitAsync(TestDevice.Wait);
            }
        };

        await using var device = new MqttPublisher(TestDevice.Options(broker.MqttUri, id), TestDevice.Status(id));
        device.SetDegraded("no frames yet");
        device.Start();
        await held.Task.WaitAsync(TestDevice.Wait, TestContext.Current.CancellationToken);
        Assert.False(device.IsConnected);
        Assert.False(device.FirstConnected.IsCompleted);
        device.SetDegraded(null);
        release.SetResult();

        // The first connect is over once the connect's own status is acknowledged.
        await device.FirstConnected.WaitAsync(TestDevice.Wait, TestContext.Current.CancellationToken);
        Assert.True(device.IsConnected);
        Assert.True(await Eventually.TrueWithinAsync(() => Volatile.Read(ref statuses) >= 2, TestDevice.Wait), "only the connect's degraded status reached the broker");
        await using var late = await TestSubscriber.ConnectAsync(broker.MqttUri, $"feredge/{id}/status");
        Assert.True(await late.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no retained status");
        Assert.Equal(StatusPayload.Online, late.On(MqttTopics.Status)[^1].State());
    }

    [Fact]
    public async Task SetDegraded_DevicesBrokerAway_TheBridgesBrokerIsTold()
    {
        await using var home = await LoopbackBroker.StartAsync();
        var id = TestDevice.NewId("status-bridge");
        await using var bridge = new MqttPublisher(TestDevice.Options(home.MqttUri, id) with { Link = "bridge" }, TestDevice.Status(id));
        await using var device = new MqttPublisher(TestDevice.Options(new Uri($"mqtt://127.0.0.1:{FreePort.Pick()}"), id), TestDevice.Status(id));
        device.MirrorTo(bridge);
        device.Start();
        bridge.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => bridge.IsConnected, TestDevice.Wait), "the bridge did not connect");
        await using var sub = await TestSubscriber.ConnectAsync(home.MqttUri, $"feredge/{id}/status");
        Assert.True(await sub.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no status on the bridge's broker");
        Assert.Equal(StatusPayload.Online, sub.On(MqttTopics.Status)[^1].State());

        Assert.False(device.IsConnected);
        device.SetDegraded("camera lost");
        Assert.True(
            await sub.WaitForAsync(r => r.Count >= 2 && r[^1].State() == StatusPayload.Degraded, TestDevice.Wait),
            "the bridge's broker still shows the device online while it is degraded");
    }
}
