using System.Diagnostics.Metrics;
using FerEdge.Core.Contract;
using FerEdge.Testing;

namespace FerEdge.Messaging.Tests;

/// <summary>With no broker at all, the publisher stays bounded, never blocks or throws, and counts every drop.</summary>
public sealed class OutboxTests
{
    // Nothing listens here: the port was free a moment ago and only this test knows it.
    private static Uri DeadBroker() => new($"mqtt://127.0.0.1:{FreePort.Pick()}");

    [Fact]
    public async Task Enqueue_100kWithNoBroker_OutboxBoundedAndDropsExact()
    {
        const int Total = 100_000;
        const int Capacity = 256;
        const int Threads = 4;
        var publisher = new MqttPublisher(TestDevice.Options(DeadBroker(), "outbox", outboxCapacity: Capacity), TestDevice.Status("outbox"));
        publisher.Start();
        var payload = TestDevice.Emotion(0);
        var maxSeen = 0;

        var writers = Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < Total / Threads; i++)
            {
                publisher.Enqueue(MqttTopics.Emotion, payload);
                if (i % 500 == 0)
                {
                    var count = publisher.GetCounters().OutboxCount;
                    InterlockedMax(ref maxSeen, count);
                }
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TestDevice.Wait, TestContext.Current.CancellationToken);

        var counters = publisher.GetCounters();
        Assert.False(counters.IsConnected);
        Assert.Equal(Total, counters.Enqueued);
        Assert.Equal(Capacity, counters.OutboxCount);
        Assert.InRange(maxSeen, 1, Capacity);
        Assert.Equal(Total - Capacity, counters.DroppedOutboxFull);
        Assert.Equal(0, counters.Published);
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.GetCounters().ConnectFailures >= 2, TestDevice.Wait),
            "the dead broker should refuse connects, retried after a backoff");
        Assert.Equal(Capacity, publisher.GetCounters().OutboxCount);

        await publisher.DisposeAsync().AsTask().WaitAsync(TestDevice.Wait, TestContext.Current.CancellationToken);
        var final = publisher.GetCounters();
        Assert.Equal(Capacity, final.DroppedShutdown);
        Assert.Equal(Total, final.Dropped);
        Assert.Equal(0, final.OutboxCount);
        Assert.False(publisher.Enqueue(MqttTopics.Emotion, payload));
        Assert.Equal(Capacity + 1, publisher.GetCounters().DroppedShutdown);
    }

    [Fact]
    public async Task Enqueue_OverRateLimit_DropsAndCountsRateLimited()
    {
        var clock = new ManualTimeProvider();
        var options = TestDevice.Options(DeadBroker(), "rate", rateLimits: new Dictionary<string, TopicRateLimit>
        {
            [MqttTopics.Emotion.Suffix] = new(PerSecond: 15, Burst: 15),
        });
        await using var publisher = new MqttPublisher(
            new MqttPublisherOptions
            {
                BrokerUri = options.BrokerUri,
                DeviceId = options.DeviceId,
                RateLimits = options.RateLimits,
                TimeProvider = clock,
            },
            TestDevice.Status("rate"));
        var payload = TestDevice.Emotion(0);

        var accepted = 0;
        for (var i = 0; i < 100; i++)
        {
            accepted += publisher.Enqueue(MqttTopics.Emotion, payload) ? 1 : 0;
        }

        Assert.Equal(15, accepted);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(publisher.Enqueue(MqttTopics.Emotion, payload));
        Assert.True(publisher.Enqueue(MqttTopics.Emotion, payload));
        Assert.True(publisher.Enqueue(MqttTopics.Emotion, payload));
        Assert.False(publisher.Enqueue(MqttTopics.Emotion, payload));

        // Unlimited topics pass whatever the emotion bucket says.
        Assert.True(publisher.Enqueue(MqttTopics.Explanation, payload));
        var counters = publisher.GetCounters();
        Assert.Equal(86, counters.DroppedRateLimited);
        Assert.Equal(19, counters.OutboxCount);
        Assert.Equal(105, counters.Enqueued);
    }

    [Fact]
    public async Task Instruments_AfterOverflow_ReportDropsByReasonAndOutbox()
    {
        var device = TestDevice.NewId("meter");
        await using var publisher = new MqttPublisher(TestDevice.Options(DeadBroker(), device, outboxCapacity: 64), TestDevice.Status(device));
        for (var i = 0; i < 300; i++)
        {
            publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(i));
        }

        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MqttPublisher.MeterName && instrument.Meter.Tags?.Contains(new("device", device)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen[instrument.Name + (tags.Length > 0 ? "/" + tags[0].Value : "")] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(236, seen["feredge.mqtt.dropped/outbox_full"]);
        Assert.Equal(0, seen["feredge.mqtt.dropped/rate_limited"]);
        Assert.Equal(64, seen["feredge.mqtt.outbox"]);
        Assert.Equal(0, seen["feredge.mqtt.published"]);
        Assert.Equal(0, seen["feredge.mqtt.connected"]);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
