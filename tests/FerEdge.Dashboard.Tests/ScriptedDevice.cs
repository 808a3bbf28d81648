using System.Security.Cryptography.X509Certificates;
using System.Buffers;
using System.Text.Json;
using FerEdge.Core.Contract;
using FerEdge.Messaging;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A stand-in for the pipeline: a real <see cref="MqttPublisher"/> that publishes the contract's payloads for the
/// current <see cref="DeviceScene"/>: emotion messages at 10/s, an explanation on every change of scene and twice a
/// second. <see cref="DisposeAsync"/> is the publisher's clean shutdown, which leaves the retained status offline.
/// </summary>
internal sealed class ScriptedDevice : IAsyncDisposable
{
    private static readonly string[] Labels = ["anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise"];

    private readonly MqttPublisher _publisher;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _deviceId;
    private readonly long _startTicks = Environment.TickCount64;
    private volatile DeviceScene _scene = DeviceScene.Neutral;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private ScriptedDevice(MqttPublisher publisher, string deviceId)
    {
        _publisher = publisher;
        _deviceId = deviceId;
    }

    /// <summary>The scene being published; setting it publishes an explanation at once (on the next tick).</summary>
    public DeviceScene Scene
    {
        get => _scene;
        set => _scene = value;
    }

    /// <summary>Connects as the device (user name = device id) with <paramref name="password"/>, trusting <paramref name="ca"/> over TLS.</summary>
    public static async Task<ScriptedDevice> StartAsync(
        Uri broker, string deviceId, StatusPorts ports, string? password = null, X509Certificate2? ca = null)
    {
        var options = new MqttPublisherOptions
        {
            BrokerUri = broker,
            UserName = password is null ? null : deviceId,
            Password = password,
            CaCertificate = ca,
            DeviceId = deviceId,
            KeepAlive = TimeSpan.FromSeconds(2),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        var status = StatusPayload.CreateOnline(deviceId, "0.1.0-test", ["scripted"], DateTimeOffset.UtcNow, ports);
        var publisher = new MqttPublisher(options, status);
        var device = new ScriptedDevice(publisher, deviceId);
        publisher.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!publisher.IsConnected)
        {
            if (DateTime.UtcNow > deadline)
            {
                await publisher.DisposeAsync();
                throw new InvalidOperationException($"the scripted device could not connect to {broker}");
            }

            await Task.Delay(20);
        }

        device._loop = Task.Run(() => device.RunAsync(device._stop.Token));
        return device;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        await _publisher.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        DeviceScene? explained = null;
        var frame = 0;
        var sinceExplanation = 0;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var scene = _scene;
            if (scene.Silent)
            {
                continue;
            }

            var t = (Environment.TickCount64 - _startTicks) / 1000.0;
            _publisher.Enqueue(MqttTopics.Emotion, Emotion(scene, t, frame));
            if (scene.Emotion is not null && (!ReferenceEquals(scene, explained) || ++sinceExplanation >= 5))
            {
                _publisher.Enqueue(MqttTopics.Explanation, Explanation(scene, t, frame));
                explained = scene;
                sinceExplanation = 0;
            }

            frame++;
        }
    }

    private byte[] Emotion(DeviceScene scene, double t, int frame) => Write(w =>
    {
        w.WriteNumber("schema", 1);
        w.WriteString("device", _deviceId);
        w.WriteNumber("t", Math.Round(t, 3));
        w.WriteNumber("frame", frame);
        var face = scene.Emotion is not null;
        w.WriteNumber("faces", face ? 1 : 0);
        if (face)
        {
            w.WriteStartObject("face");
            w.WriteStartArray("box");
            foreach (var v in (int[])[212, 96, 180, 180])
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
            w.WriteBoolean("tracked", frame % 5 != 0);
            w.WriteEndObject();
            w.WriteString("emotion", scene.Emotion);
        }
        else
        {
            w.WriteNull("face");
            w.WriteNull("emotion");
        }

        w.WriteNumber("confidence", scene.Confidence);
        w.WriteStartObject("scores");
        if (face)
        {
            foreach (var label in Labels)
            {
                w.WriteNumber(label, label == scene.Emotion ? scene.Confidence : 0.02);
            }
        }

        w.WriteEndObject();
    });

    private byte[] Explanation(DeviceScene scene, double t, int frame) => Write(w =>
    {
        w.WriteNumber("schema", 1);
        w.WriteString("device", _deviceId);
        w.WriteNumber("t", Math.Round(t, 3));
        w.WriteNumber("frame", frame);
        w.WriteString("emotion", scene.Emotion);
        w.WriteNumber("confidence", scene.Confidence);
        w.WriteStartArray("regions");
        foreach (var (region, share) in scene.Regions)
        {
            w.WriteStartObject();
            w.WriteString("region", region);
            w.WriteNumber("share", share);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("top_landmarks");
        w.WriteStartObject();
        w.WriteNumber("index", 48);
        w.WriteNumber("share", 0.12);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteNumber("facs_agreement", 0.41);
        w.WriteString("reason", scene.Reason);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
