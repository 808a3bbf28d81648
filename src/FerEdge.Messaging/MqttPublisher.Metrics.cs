using System.Diagnostics.Metrics;

namespace FerEdge.Messaging;

// The publisher's counters as observable instruments of the "FerEdge" meter, tagged with the device id. They are
// read only when a listener collects, so Enqueue pays nothing for them.
public sealed partial class MqttPublisher
{
    /// <summary>The meter name shared by all FerEdge instruments.</summary>
    public const string MeterName = "FerEdge";

    private static readonly MqttDropReason[] DropReasons = Enum.GetValues<MqttDropReason>();
    private static readonly string[] DropReasonTags = ["outbox_full", "rate_limited", "send_failed", "shutdown"];

    private Meter CreateMeter(IMeterFactory? meterFactory)
    {
        var options = new MeterOptions(MeterName)
        {
            Tags = _options.Link is { } link ? [new("device", _options.DeviceId), new("link", link)] : [new("device", _options.DeviceId)],
        };
        var meter = meterFactory?.Create(options) ?? new Meter(options);
        meter.CreateObservableCounter("feredge.mqtt.published", () => Interlocked.Read(ref _published), "{message}",
            "Messages published to the broker from the outbox");
        meter.CreateObservableCounter("feredge.mqtt.dropped", ObserveDrops, "{message}",
            "Messages not published, by reason");
        meter.CreateObservableCounter("feredge.mqtt.reconnects", () => Math.Max(0, Interlocked.Read(ref _connects) - 1), "{connection}",
            "Successful connects after the first");
        meter.CreateObservableGauge("feredge.mqtt.outbox", () => _outbox.Reader.Count, "{message}",
            "Messages waiting in the outbox");
        meter.CreateObservableGauge("feredge.mqtt.connected", () => _connected ? 1 : 0, "{connection}",
            "1 while connected to the broker, else 0");
        return meter;
    }

    private Measurement<long>[] ObserveDrops()
    {
        var measurements = new Measurement<long>[DropReasons.Length];
        for (var i = 0; i < DropReasons.Length; i++)
        {
            measurements[i] = new Measurement<long>(
                Interlocked.Read(ref _dropped[(int)DropReasons[i]]), new KeyValuePair<string, object?>("reason", DropReasonTags[i]));
        }

        return measurements;
    }
}
