using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Contract;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// A plain MQTTnet client that subscribes to a device's topics with QoS 2 (so each message arrives at the QoS it was
/// published with) and records everything it receives. Thread-safe; every wait has a timeout.
/// </summary>
public sealed class TestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TestSubscriber(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            _received.Enqueue(new ReceivedMessage(m.Topic, m.Payload.ToArray(), (MqttQos)m.QualityOfServiceLevel, m.Retain));
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    public IReadOnlyList<ReceivedMessage> On(MqttTopic topic) => [.. _received.Where(m => m.Topic.EndsWith("/" + topic.Suffix, StringComparison.Ordinal))];

    /// <summary>
    /// Connects to <paramref name="broker"/> (mqtt://, mqtts://, ws:// or wss://), logging in with
    /// <paramref name="login"/> when given, and subscribes to <paramref name="filter"/>.
    /// </summary>
    public static async Task<TestSubscriber> ConnectAsync(
        Uri broker, string filter, MqttProtocolVersion protocol = MqttProtocolVersion.V500, TestLogin? login = null, string? clientId = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var subscriber = new TestSubscriber(client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(Options(broker, protocol, login, clientId ?? "test-sub-" + Guid.NewGuid().ToString("N")[..8]), timeout.Token);
        var options = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.ExactlyOnce).Build();
        await client.SubscribeAsync(options, timeout.Token);
        return subscriber;
    }

    /// <summary>The client options for <paramref name="broker"/>, with credentials and a trusted CA from <paramref name="login"/>.</summary>
    public static MqttClientOptions Options(Uri broker, MqttProtocolVersion protocol, TestLogin? login, string clientId)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(clientId)
            .WithProtocolVersion(protocol)
            .WithTimeout(TimeSpan.FromSeconds(5));
        builder = broker.Scheme is "ws" or "wss"
            ? builder.WithWebSocketServer(o => o.WithUri(broker.AbsoluteUri))
            : builder.WithTcpServer(broker.Host, broker.Port);
        if (login?.User is { } user)
        {
            builder = builder.WithCredentials(user, login.Password);
        }

        if (broker.Scheme is "mqtts" or "wss")
        {
            var ca = login?.Ca;
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost(broker.Host);
                if (ca is not null)
                {
                    o.WithTrustChain([ca]).WithCertificateValidationHandler(e => Trusts(ca, e));
                }
            });
        }

        return builder.Build();
    }

    // A chain check against the test CA alone (the WebSocket transport takes no trust chain of its own).
    private static bool Trusts(X509Certificate2 ca, MqttClientCertificateValidationEventArgs e)
    {
        if (e.SslPolicyErrors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) || e.Certificate is null)
        {
            return false;
        }

        using var certificate = new X509Certificate2(e.Certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the received messages; false after the timeout.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<ReceivedMessage>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Received))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
        }

        _client.Dispose();
        _arrived.Dispose();
    }
}

/// <summary>A user name and password (none when the user is null), and the CA a TLS broker's certificate must chain to.</summary>
public sealed record TestLogin(string? User, string? Password, X509Certificate2? Ca = null);
