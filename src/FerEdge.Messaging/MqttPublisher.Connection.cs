using System.Buffers;
using System.Net.Security;
using System.Numerics;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Contract;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace FerEdge.Messaging;

// The connection half of MqttPublisher: only the background loop (and DisposeAsync after the loop has ended) touches
// the MQTT client, which MQTTnet requires for ConnectAsync/DisconnectAsync.
public sealed partial class MqttPublisher
{
    private TaskCompletionSource _disconnected = NewSignal();
    private string? _certificateError;

    /// <summary>The broker URI without its user part, for log lines.</summary>
    private Uri BrokerForLog => new(_options.BrokerUri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttClientOptions BuildClientOptions()
    {
        var uri = _options.BrokerUri;
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(_clientId)
            .WithProtocolVersion(_options.Protocol == MqttProtocol.V311 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500)
            .WithCleanSession()
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.OperationTimeout)
            .WithWillTopic(_topicRoot + MqttTopics.Status.Suffix)
            .WithWillPayload(_offlinePayload)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain();
        var tls = _options.UsesTls;
        builder = uri.Scheme is "ws" or "wss"
            ? builder.WithWebSocketServer(o => o.WithUri(uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)))
            : builder.WithTcpServer(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port);
        if (_options.EffectiveUserName is { } user)
        {
            builder = builder.WithCredentials(user, _options.Password ?? "");
        }

        if (tls)
        {
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost(uri.Host).WithCertificateValidationHandler(ValidateBrokerCertificate);
                if (_options.ClientCertificate is { } client)
                {
                    o.WithClientCertificates([client]);
                }
            });
        }

        return builder.Build();
    }

    // The broker's certificate must name the host and chain to the configured CA (or to a system root when no CA is
    // configured). A failure is recorded for the connect error instead of falling back to anything weaker.
    private bool ValidateBrokerCertificate(MqttClientCertificateValidationEventArgs e)
    {
        var error = BrokerCertificateError(e.Certificate, e.SslPolicyErrors, _options.CaCertificate);
        Volatile.Write(ref _certificateError, error);
        return error is null;
    }

    internal static string? BrokerCertificateError(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2? ca)
    {
        if (presented is null)
        {
            return "the broker presented no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the broker's certificate ({presented.Subject}) does not name the host in the broker URI";
        }

        if (ca is null)
        {
            return errors == SslPolicyErrors.None ? null : $"the broker's certificate ({presented.Subject}) is not trusted by this system ({errors}); configure the CA file";
        }

        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate)
            ? null
            : $"the broker's certificate ({presented.Subject}) does not chain to the configured CA ({ca.Subject}): "
              + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var failedAttempts = 0;
        Task<bool>? waitForMessages = null;
        while (!ct.IsCancellationRequested)
        {
            if (!_connected)
            {
                if (!await TryConnectAsync(ct).ConfigureAwait(false))
                {
                    failedAttempts++;
                    await Task.Delay(NextDelay(failedAttempts), ct).ConfigureAwait(false);
                    continue;
                }

                failedAttempts = 0;
            }

            // Wake on new messages or on a lost connection, whichever comes first; the pending read is kept across
            // reconnects so the channel never sees two waiting readers.
            waitForMessages ??= _outbox.Reader.WaitToReadAsync(ct).AsTask();
            var lost = Volatile.Read(ref _disconnected).Task;
            if (await Task.WhenAny(waitForMessages, lost).ConfigureAwait(false) == lost)
            {
                continue;
            }

            var more = await waitForMessages.ConfigureAwait(false);
            waitForMessages = null;
            if (!more)
            {
                return;
            }

            await SendQueuedAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.OperationTimeout);
            if (_client.IsConnected)
            {
                // A half-noticed drop: reset the client so ConnectAsync starts from a clean state.
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }

            Volatile.Write(ref _certificateError, null);
            MqttClientConnectResult result;
            try
            {
                result = await _client.ConnectAsync(_clientOptions, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (Volatile.Read(ref _certificateError) is { } certificateError)
            {
                throw new AuthenticationException($"TLS: {certificateError}", ex);
            }

            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}");
            }

            var signal = NewSignal();
            Volatile.Write(ref _disconnected, signal);
            if (!_client.IsConnected)
            {
                signal.TrySetResult();
                return false;
            }

            if (_options.OnCommand is not null)
            {
                await SubscribeCommandsAsync(timeout.Token).ConfigureAwait(false);
            }

            var announced = Volatile.Read(ref _onlinePayload);
            await PublishAsync(MqttTopics.Status, announced, timeout.Token).ConfigureAwait(false);
            var count = Interlocked.Increment(ref _connects);
            lock (_status)
            {
                // A status set while the connect's own was on its way found the publisher not yet connected and was
                // only kept: it goes out now, or the broker would retain the older one until the next change.
                _connected = true;
                var current = Volatile.Read(ref _onlinePayload);
                if (!ReferenceEquals(current, announced))
                {
                    Enqueue(MqttTopics.Status, current);
                }
            }

            _firstConnected.TrySetResult();

            MessagingLog.Connected(_logger, BrokerForLog, _clientId, count);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure to connect is retried after a backoff; it must not end the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var failures = Interlocked.Increment(ref _connectFailures);
            var message = ex is MqttCommunicationException { InnerException: { } inner } ? $"{ex.Message} ({inner.Message})" : ex.Message;
            if (BitOperations.IsPow2(failures))
            {
                // The first failure and then every doubling: a wrong certificate or password is said, not retried silently.
                MessagingLog.ConnectFailedLoud(_logger, BrokerForLog, failures, message);
            }
            else
            {
                MessagingLog.ConnectFailed(_logger, BrokerForLog, failures, message);
            }
            return false;
        }
    }

    // A clean session forgets subscriptions, so the command topic is subscribed again after every connect. A broker
    // that refuses it (an external broker's own access rules) leaves the device publishing without commands: said in
    // the log, not a reason to stay offline.
    private async Task SubscribeCommandsAsync(CancellationToken ct)
    {
        var topic = FullTopic(MqttTopics.Command);
        var result = await _client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                MessagingLog.CommandsRefused(_logger, topic, item.ResultCode.ToString());
            }
        }
    }

    private Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (_options.OnCommand is { } handler && e.ApplicationMessage.Topic == FullTopic(MqttTopics.Command))
        {
            try
            {
                handler(e.ApplicationMessage.Payload.ToArray());
            }
#pragma warning disable CA1031 // A handler's failure drops one command; it must not stop the client's receive loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                MessagingLog.CommandFailed(_logger, e.ApplicationMessage.Topic, ex.Message);
            }
        }

        return Task.CompletedTask;
    }

    private async Task SendQueuedAsync(CancellationToken ct)
    {
        while (_connected && _outbox.Reader.TryRead(out var message))
        {
            try
            {
                await PublishAsync(message.Topic, message.Payload, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _published);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                CountDrop(MqttDropReason.Shutdown);
                throw;
            }
#pragma warning disable CA1031 // A failed send is counted; the loop notices the lost connection and reconnects.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CountDrop(MqttDropReason.SendFailed);
                MessagingLog.SendFailed(_logger, FullTopic(message.Topic), ex.Message);
                if (!_client.IsConnected)
                {
                    MarkDisconnected();
                }

                return;
            }
        }
    }

    private async Task PublishAsync(MqttTopic topic, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var message = new MqttApplicationMessage
        {
            Topic = FullTopic(topic),
            Payload = new ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = (MqttQualityOfServiceLevel)topic.Qos,
            Retain = topic.Retain,
        };
        if (_options.Protocol == MqttProtocol.V500)
        {
            // MQTT 5 properties; MQTTnet refuses them on a 3.1.1 connection.
            message.PayloadFormatIndicator = MqttPayloadFormatIndicator.CharacterData;
            message.ContentType = "application/json";
        }

        var result = await _client.PublishAsync(message, ct).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"broker rejected the publish to {message.Topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected && _connected)
        {
            MessagingLog.Disconnected(_logger, BrokerForLog, e.Exception?.Message ?? e.Reason.ToString());
        }

        MarkDisconnected();
        return Task.CompletedTask;
    }

    private void MarkDisconnected()
    {
        _connected = false;
        Volatile.Read(ref _disconnected).TrySetResult();
    }

    private TimeSpan NextDelay(int failedAttempts)
    {
        // Exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet of devices
        // restarting with their broker does not reconnect in lockstep.
        var min = _options.ReconnectMinDelay.TotalMilliseconds;
        var max = _options.ReconnectMaxDelay.TotalMilliseconds;
        var exponential = Math.Min(max, min * Math.Pow(2, Math.Min(failedAttempts - 1, 30)));
        var delay = (exponential / 2) + (Random.Shared.NextDouble() * exponential / 2);
        return TimeSpan.FromMilliseconds(Math.Max(min, delay));
    }

    private async Task ShutdownConnectionAsync()
    {
        if (!_connected || !_client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout);
        var inFlight = false;
        try
        {
            while (_outbox.Reader.TryRead(out var message))
            {
                inFlight = true;
                await PublishAsync(message.Topic, message.Payload, timeout.Token).ConfigureAwait(false);
                inFlight = false;
                Interlocked.Increment(ref _published);
            }

            await PublishAsync(MqttTopics.Status, _offlinePayload, timeout.Token).ConfigureAwait(false);
            await _client.DisconnectAsync(
                new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.NormalDisconnection },
                timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shutdown is best effort: the Will covers a broker that cannot be told.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (inFlight)
            {
                CountDrop(MqttDropReason.Shutdown);
            }

            MessagingLog.ShutdownFailed(_logger, ex.Message);
        }
    }
}
