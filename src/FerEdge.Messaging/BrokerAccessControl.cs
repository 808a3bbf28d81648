using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FerEdge.Core.Diagnostics;
using FerEdge.Core.Security;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace FerEdge.Messaging;

/// <summary>
/// Who may connect to the embedded broker and what they may publish and read: every client authenticates through
/// the <see cref="IUserAuthenticator"/> (failed logins rate-limited per address by a <see cref="LoginThrottle"/>),
/// client ids are bound to users, and <see cref="TopicAccess"/> decides every publish (the Last Will included),
/// subscription and delivery (retained messages included).
/// </summary>
/// <remarks>
/// Client ids: <c>feredge-{id}</c> is the device <c>id</c>'s alone and the only one it may use, and an id in use by one user's connection
/// cannot be taken over by another user. MQTT 5 clients without an id get <c>{user}-{random}</c>.
/// Thread-safe: MQTTnet raises the events concurrently.
/// </remarks>
internal sealed class BrokerAccessControl
{
    /// <summary>The client id prefix reserved for devices.</summary>
    public const string DeviceClientIdPrefix = "feredge-";

    /// <summary>The session item holding a connection's <see cref="Principal"/> (also given to injected messages).</summary>
    internal const string PrincipalKey = "feredge.principal";

    private readonly IUserAuthenticator _authenticator;
    private readonly LoginThrottle _throttle;
    private readonly BrokerGuardCounters _counters;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Principal> _byClientId = new(StringComparer.Ordinal);
    private readonly LogThrottle _loginLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _accessLog = new(TimeSpan.FromSeconds(10));

    public BrokerAccessControl(IUserAuthenticator authenticator, LoginThrottle throttle, BrokerGuardCounters counters, ILogger logger)
    {
        _authenticator = authenticator;
        _throttle = throttle;
        _counters = counters;
        _logger = logger;
    }

    /// <summary>Hooks the checks into <paramref name="server"/>'s events; call before any other publish interceptor.</summary>
    public void Attach(MqttServer server)
    {
        server.ValidatingConnectionAsync += OnConnectingAsync;
        server.InterceptingPublishAsync += OnPublish;
        server.InterceptingSubscriptionAsync += OnSubscribe;
        server.InterceptingClientEnqueueAsync += OnEnqueue;
        server.ClientDisconnectedAsync += e =>
        {
            // A taken-over session's end must not forget the connection that took it over (same user, same id).
            if (e.DisconnectType != MqttClientDisconnectType.Takeover)
            {
                _byClientId.TryRemove(e.ClientId, out _);
            }

            return Task.CompletedTask;
        };
    }

    private async Task OnConnectingAsync(ValidatingConnectionEventArgs e)
    {
        var address = (e.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
        var user = e.UserName ?? "";
        if (!_throttle.IsAllowed(address))
        {
            Refuse(e, MqttConnectReasonCode.NotAuthorized, "too many failed logins from this address; try again later", user, address);
            return;
        }

        if (user.Length == 0 || e.RawPassword is null)
        {
            _throttle.Failed(address);
            Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "a user name and password are required", user, address);
            return;
        }

        var principal = await _authenticator.AuthenticateAsync(user, e.Password, e.CancellationToken).ConfigureAwait(false);
        if (principal is null)
        {
            _throttle.Failed(address);
            Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "wrong user name or password", user, address);
            return;
        }

        _throttle.Succeeded(address);
        var clientId = e.ClientId ?? "";
        if (clientId.Length == 0)
        {
            // Only MQTT 5 clients get an id assigned; MQTTnet refuses a 3.1.1 client without one itself.
            clientId = e.AssignedClientIdentifier = $"{principal.Name}-{Guid.NewGuid():N}";
        }

        var isDeviceId = clientId.StartsWith(DeviceClientIdPrefix, StringComparison.Ordinal);
        var ownDeviceId = principal.Role == Role.Device && clientId == DeviceClientIdPrefix + principal.Name;
        if ((isDeviceId || principal.Role == Role.Device) && !ownDeviceId)
        {
            Refuse(
                e,
                MqttConnectReasonCode.ClientIdentifierNotValid,
                principal.Role == Role.Device
                    ? $"a device connects with client id '{DeviceClientIdPrefix}{principal.Name}'"
                    : $"client ids beginning with '{DeviceClientIdPrefix}' belong to devices",
                user,
                address);
            return;
        }

        // Bind the id to this user: a live connection with the same id and another user keeps it.
        var bound = _byClientId.AddOrUpdate(clientId, principal, (_, held) => held.Name == principal.Name ? principal : held);
        if (!ReferenceEquals(bound, principal))
        {
            Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, $"client id '{clientId}' is in use by another user", user, address);
            return;
        }

        e.SessionItems[PrincipalKey] = principal;
    }

    /// <summary>The ids of the connected clients whose user matches <paramref name="match"/>.</summary>
    public IReadOnlyList<string> ClientsOf(Func<Principal, bool> match) =>
        [.. _byClientId.Where(p => match(p.Value)).Select(p => p.Key)];

    private Task OnPublish(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage?.Topic ?? "";
        if (e.SessionItems?[PrincipalKey] is Principal principal && TopicAccess.CanPublish(principal, topic))
        {
            if (!TopicAccess.IsCommandTopic(topic) || TopicAccess.CanCommand(principal, CommandName(e.ApplicationMessage!.Payload)))
            {
                return Task.CompletedTask;
            }

            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = $"role {principal.Role.ToString().ToLowerInvariant()} may not send this command";
            _counters.AccessRefused();
            LogAccess("command", topic, e.UserName, e.ClientId);
            return Task.CompletedTask;
        }

        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        e.Response.ReasonString = $"not allowed to publish to '{topic}'";
        _counters.AccessRefused();
        LogAccess("publish", topic, e.UserName, e.ClientId);
        return Task.CompletedTask;
    }

    // The top-level "command" string of a command payload, or null when it has none (the device answers that).
    private static string? CommandName(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCommand = reader.ValueTextEquals("command"u8);
                reader.Read();
                if (isCommand && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: no command name; the device replies with the parse error.
        }

        return null;
    }

    private Task OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter?.Topic ?? "";
        if (e.SessionItems?[PrincipalKey] is Principal principal && TopicAccess.MayMatchReadable(principal, filter))
        {
            return Task.CompletedTask;
        }

        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        e.ReasonString = $"not allowed to subscribe to '{filter}'";
        _counters.AccessRefused();
        LogAccess("subscribe", filter, e.UserName, e.ClientId);
        return Task.CompletedTask;
    }

    private Task OnEnqueue(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        // Every delivery, retained messages included, is checked against the receiver's rights, so a wide filter
        // brings only what its user may read.
        if (!_byClientId.TryGetValue(e.ReceiverClientId, out var receiver) || !TopicAccess.CanRead(receiver, e.ApplicationMessage.Topic))
        {
            e.AcceptEnqueue = false;
        }

        return Task.CompletedTask;
    }

    private void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason, string user, string address)
    {
        e.ReasonCode = code;
        e.ReasonString = reason;
        _counters.LoginRefused();
        if (_loginLog.TryEnter(out var more))
        {
            MessagingLog.LoginRefused(_logger, user, address, reason, more);
        }
    }

    private void LogAccess(string action, string topic, string? user, string? clientId)
    {
        if (_accessLog.TryEnter(out var more))
        {
            MessagingLog.AccessRefused(_logger, action, topic, user ?? "", clientId ?? "", more);
        }
    }
}
