using System.Net;
using FerEdge.Core.Contract;

namespace FerEdge.Messaging.Tests;

/// <summary>A publisher process killed with SIGKILL leaves a retained <c>offline</c> status through its Last Will.</summary>
public sealed class LastWillTests
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task KilledPublisher_EmbeddedBroker_PublishesRetainedOffline()
    {
        await using var broker = await EmbeddedBroker.StartAsync(
            new EmbeddedBrokerOptions { AllowPlainText = true, AllowAnonymous = true, BindAddress = IPAddress.Loopback, MqttPort = 0, WebSocketPort = 0 },
            cancellationToken: TestContext.Current.CancellationToken);

        await AssertWillAfterKillAsync(broker.MqttUri);
    }

    [Fact]
    public async Task KilledPublisher_Mosquitto_PublishesRetainedOffline()
    {
        using var mosquitto = await MosquittoBroker.StartAsync();

        await AssertWillAfterKillAsync(mosquitto.Uri);
    }

    private static async Task AssertWillAfterKillAsync(Uri broker)
    {
        var device = TestDevice.NewId("will");
        await using var subscriber = await TestSubscriber.ConnectAsync(broker, $"feredge/{device}/status");
        using var child = await PublisherProcess.StartAsync(broker, device, KeepAlive);
        Assert.True(await subscriber.WaitForAsync(r => r.Any(m => m.State() == StatusPayload.Online), TestDevice.Wait), "no online status");

        child.Kill();

        // The kill closes the socket, so brokers usually notice at once; keep-alive (1.5 s) bounds it otherwise.
        Assert.True(await subscriber.WaitForAsync(r => r.Any(m => m.State() == StatusPayload.Offline), TestDevice.Wait), "no Last Will after kill");
        var will = subscriber.Received[^1];
        Assert.Equal(MqttQos.AtLeastOnce, will.Qos);
        Assert.Equal(MqttPayloads.Schema, will.Schema());
        Assert.Equal(device, MqttPayloads.DeserializeStatus(will.Payload).Device);

        await using var late = await TestSubscriber.ConnectAsync(broker, $"feredge/{device}/status");
        Assert.True(await late.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "Last Will not retained");
        var retained = Assert.Single(late.Received);
        Assert.True(retained.Retain);
        Assert.Equal(StatusPayload.Offline, retained.State());
    }
}
