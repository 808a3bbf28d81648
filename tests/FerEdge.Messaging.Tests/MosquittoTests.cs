using System.Diagnostics;
using System.Globalization;
using FerEdge.Core.Contract;
using FerEdge.Testing;
using MQTTnet.Formatter;

namespace FerEdge.Messaging.Tests;

/// <summary>The publisher against Debian's mosquitto (an independent broker), checked by MQTTnet and mosquitto_sub.</summary>
public sealed class MosquittoTests
{
    [Theory]
    [InlineData(MqttProtocol.V500)]
    [InlineData(MqttProtocol.V311)]
    public async Task Publisher_Mosquitto_TopicsQosAndRetainFollowContract(MqttProtocol protocol)
    {
        using var mosquitto = await MosquittoBroker.StartAsync();
        var device = TestDevice.NewId("mosq");
        await using var subscriber = await TestSubscriber.ConnectAsync(mosquitto.Uri, $"feredge/{device}/#",
            protocol == MqttProtocol.V500 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311);
        var publisher = new MqttPublisher(TestDevice.Options(mosquitto.Uri, device, protocol), TestDevice.Status(device));
        publisher.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect");

        publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(1));
        publisher.Enqueue(MqttTopics.Explanation, TestDevice.Explanation(1));
        publisher.Enqueue(MqttTopics.Metrics, TestDevice.Metrics(1));
        Assert.True(await subscriber.WaitForAsync(r => r.Count >= 4, TestDevice.Wait), $"received {subscriber.Received.Count} of 4");

        Assert.Equal(MqttQos.AtLeastOnce, Assert.Single(subscriber.On(MqttTopics.Status)).Qos);
        Assert.Equal(MqttQos.AtMostOnce, Assert.Single(subscriber.On(MqttTopics.Emotion)).Qos);
        Assert.Equal(MqttQos.AtLeastOnce, Assert.Single(subscriber.On(MqttTopics.Explanation)).Qos);
        Assert.Equal(MqttQos.AtMostOnce, Assert.Single(subscriber.On(MqttTopics.Metrics)).Qos);
        Assert.All(subscriber.Received, m => Assert.Equal(1, m.Schema()));

        await using (var late = await TestSubscriber.ConnectAsync(mosquitto.Uri, $"feredge/{device}/#"))
        {
            Assert.True(await late.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no retained status");
            var retained = Assert.Single(late.Received);
            Assert.True(retained.Retain);
            Assert.Equal(StatusPayload.Online, retained.State());
        }

        await publisher.DisposeAsync();
        Assert.True(await subscriber.WaitForAsync(r => r.Any(m => m.Text.Contains("\"offline\"", StringComparison.Ordinal)), TestDevice.Wait),
            "no offline status on clean shutdown");
    }

    [Fact]
    public async Task Publisher_MosquittoOverTlsWithAPassword_DeliversAndAWrongCaNeverConnects()
    {
        // A care home's own broker: mosquitto with TLS and a password file, reached by mqtts://user@host:port.
        using var certificates = TestCertificates.Create();
        using var mosquitto = await MosquittoBroker.StartTlsAsync(certificates, "robot-tls", "robot-tls-secret");
        var device = "robot-tls";
        var uri = new Uri($"mqtts://{device}@127.0.0.1:{mosquitto.Port}");
        await using var subscriber = await TestSubscriber.ConnectAsync(
            mosquitto.Uri, $"feredge/{device}/#", login: new TestLogin("robot-tls", "robot-tls-secret", certificates.Ca));
        var options = TestDevice.Options(uri, device) with { Password = "robot-tls-secret", CaCertificate = certificates.Ca };
        await using (var publisher = new MqttPublisher(options, TestDevice.Status(device)))
        {
            publisher.Start();
            Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect to mosquitto over TLS");
            publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(1));
            Assert.True(await subscriber.WaitForAsync(r => r.Any(m => m.Topic.EndsWith("/emotion", StringComparison.Ordinal)), TestDevice.Wait), "no emotion through mosquitto");
        }

        using var other = TestCertificates.Create("a CA the broker does not use");
        var log = new ListLogger();
        await using var wrong = new MqttPublisher(options with { CaCertificate = other.Ca }, TestDevice.Status(device), log);
        wrong.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => log.Lines.Any(l => l.Contains("does not chain to the configured CA", StringComparison.Ordinal)), TestDevice.Wait),
            "no certificate error: " + string.Join(" | ", log.Lines));
        Assert.False(wrong.IsConnected);
    }

    [Fact]
    public async Task Publisher_MosquittoAskingForAClientCertificate_ConnectsWithOneAndNotWithout()
    {
        using var certificates = TestCertificates.Create();
        using var mosquitto = await MosquittoBroker.StartTlsAsync(certificates, "robot-cert", "robot-cert-secret", requireClientCertificate: true);
        var uri = new Uri($"mqtts://robot-cert@127.0.0.1:{mosquitto.Port}");
        var options = TestDevice.Options(uri, "robot-cert") with { Password = "robot-cert-secret", CaCertificate = certificates.Ca };
        await using (var withCertificate = new MqttPublisher(options with { ClientCertificate = certificates.Client }, TestDevice.Status("robot-cert")))
        {
            withCertificate.Start();
            Assert.True(await Eventually.TrueWithinAsync(() => withCertificate.IsConnected, TestDevice.Wait), "publisher with a client certificate did not connect");
        }

        var log = new ListLogger();
        await using var without = new MqttPublisher(options, TestDevice.Status("robot-cert"), log);
        without.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => log.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal)), TestDevice.Wait), "no connect failure logged");
        Assert.False(without.IsConnected);
    }

    [Fact]
    public async Task MosquittoSub_ExternalClient_ReceivesEmotionMessages()
    {
        const int Count = 20;
        using var mosquitto = await MosquittoBroker.StartAsync();
        await using var publisher = new MqttPublisher(TestDevice.Options(mosquitto.Uri, "dev"), TestDevice.Status("dev"));
        publisher.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect");

        // -C counts the retained status too, which arrives first and shows the subscription is in place.
        var lines = new List<string>();
        var subscribedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sub = Process.Start(new ProcessStartInfo("mosquitto_sub",
        [
            "-h", "127.0.0.1", "-p", mosquitto.Port.ToString(CultureInfo.InvariantCulture),
            "-C", (Count + 1).ToString(CultureInfo.InvariantCulture), "-W", "10", "-t", "feredge/dev/#", "-v",
        ])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        sub.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            subscribedSignal.TrySetResult();
        };
        sub.BeginOutputReadLine();
        try
        {
            await subscribedSignal.Task.WaitAsync(TestDevice.Wait, TestContext.Current.CancellationToken);
            for (var i = 0; i < Count; i++)
            {
                Assert.True(publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(i)));
            }

            using var timeout = new CancellationTokenSource(TestDevice.Wait);
            await sub.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!sub.HasExited)
            {
                sub.Kill();
            }
        }

        Assert.Equal(0, sub.ExitCode);
        string[] got;
        lock (lines)
        {
            got = [.. lines];
        }

        Assert.Equal(Count + 1, got.Length);
        Assert.StartsWith("feredge/dev/status {\"schema\":1,\"state\":\"online\"", got[0], StringComparison.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            Assert.StartsWith($"feredge/dev/emotion {{\"schema\":1,", got[i + 1], StringComparison.Ordinal);
            Assert.Contains($"\"frame\":{i},", got[i + 1], StringComparison.Ordinal);
        }
    }
}
