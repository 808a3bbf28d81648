using System.Net;
using FerEdge.Core.Contract;
using MQTTnet.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace FerEdge.Messaging.Tests;

/// <summary>The publisher survives its broker going away and coming back on the same port.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task BrokerRestart_SamePort_PublisherReconnectsAndAccountsForEveryMessage()
    {
        const int Capacity = 64;
        var device = TestDevice.NewId("recon");
        var first = await StartBrokerAsync(port: 0, admitPublisher: () => true);
        var port = first.MqttPort;
        var uri = first.MqttUri;
        var received = new List<ReceivedMessage>();
        await using var publisher = new MqttPublisher(TestDevice.Options(uri, device, outboxCapacity: Capacity), TestDevice.Status(device));
        var frame = 0;

        // 1. Connected: five messages flow.
        await using (var subscriber = await TestSubscriber.ConnectAsync(uri, $"feredge/{device}/emotion"))
        {
            publisher.Start();
            Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect");
            for (; frame < 5; frame++)
            {
                publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(frame));
            }

            Assert.True(await subscriber.WaitForAsync(r => r.Count == 5, TestDevice.Wait), "first five not received");
            received.AddRange(subscriber.Received);
        }

        // 2. Broker gone: enqueueing goes on without blocking or throwing; the outbox keeps the newest Capacity.
        await first.DisposeAsync();
        Assert.True(await Eventually.TrueWithinAsync(() => !publisher.IsConnected, TestDevice.Wait), "publisher did not notice the broker stop");
        for (; frame < 305; frame++)
        {
            publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(frame));
        }

        var whileDown = publisher.GetCounters();
        Assert.Equal(Capacity, whileDown.OutboxCount);
        Assert.Equal(300 - Capacity, whileDown.DroppedOutboxFull);

        // 3. Broker back on the same port. It turns the publisher away until the subscriber is in place, so the
        //    test cannot miss the flushed outbox; those refusals also exercise the backoff loop.
        var subscribed = false;
        await using var second = await StartBrokerAsync(port, admitPublisher: () => Volatile.Read(ref subscribed));
        await using (var subscriber = await TestSubscriber.ConnectAsync(uri, $"feredge/{device}/#"))
        {
            Volatile.Write(ref subscribed, true);
            Assert.True(await subscriber.WaitForAsync(r => r.Count(m => m.Topic.EndsWith("/emotion", StringComparison.Ordinal)) == Capacity, TestDevice.Wait),
                $"flushed outbox not received ({subscriber.Received.Count})");
            Assert.Equal(StatusPayload.Online, subscriber.On(MqttTopics.Status)[0].State());

            for (; frame < 315; frame++)
            {
                publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(frame));
            }

            Assert.True(await subscriber.WaitForAsync(r => r.Count(m => m.Topic.EndsWith("/emotion", StringComparison.Ordinal)) == Capacity + 10, TestDevice.Wait),
                "messages after the reconnect not received");
            received.AddRange(subscriber.On(MqttTopics.Emotion));
        }

        var counters = publisher.GetCounters();
        Assert.Equal(315, counters.Enqueued);
        Assert.Equal(counters.Enqueued, received.Count + counters.Dropped);
        Assert.Equal(received.Count, counters.Published);
        Assert.Equal(1, counters.Reconnects);
        Assert.True(counters.ConnectFailures >= 1, "the refused attempts should count as connect failures");

        // The newest messages survived the outage, in order: frames 0-4, then 241-314.
        int[] expected = [.. Enumerable.Range(0, 5), .. Enumerable.Range(305 - Capacity, Capacity + 10)];
        Assert.Equal(expected, received.Select(m => FrameOf(m)).ToArray());
    }

    private static Task<EmbeddedBroker> StartBrokerAsync(int port, Func<bool> admitPublisher) =>
        EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            AllowPlainText = true,
            AllowAnonymous = true,
            BindAddress = IPAddress.Loopback,
            MqttPort = port,
            WebSocketPort = 0,
            ConfigureApp = app =>
            {
                app.Services.GetRequiredService<MQTTnet.Server.MqttServer>().ValidatingConnectionAsync += e =>
                {
                    if (e.ClientId.StartsWith("feredge-", StringComparison.Ordinal) && !admitPublisher())
                    {
                        e.ReasonCode = MqttConnectReasonCode.ServerBusy;
                    }

                    return Task.CompletedTask;
                };
            },
        }, cancellationToken: TestContext.Current.CancellationToken);

    private static int FrameOf(ReceivedMessage m)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(m.Payload);
        return doc.RootElement.GetProperty("frame").GetInt32();
    }
}
