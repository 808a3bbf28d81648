using System.Net;
using FerEdge.Core.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace FerEdge.Messaging;

/// <summary>
/// Hands Kestrel's MQTT connections (the TCP listener and the WebSocket endpoint) to the MQTTnet server through a
/// <see cref="GuardedChannelAdapter"/>, after the per-address connection limit. Stands where MQTTnet.AspNetCore's
/// <c>MqttConnectionHandler</c> would.
/// </summary>
/// <remarks>Thread-safe: Kestrel calls <see cref="OnConnectedAsync"/> concurrently, once per connection.</remarks>
internal sealed class GuardedConnectionHandler : ConnectionHandler, IMqttServerAdapter
{
    private readonly EmbeddedBrokerOptions _options;
    private readonly BrokerGuardCounters _counters;
    private readonly ILogger _logger;
    private readonly LogThrottle _refusedLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _closedLog = new(TimeSpan.FromSeconds(10));
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _writerBufferSize = 4096;
    private int _writerBufferSizeMax = 65535;

    public GuardedConnectionHandler(EmbeddedBrokerOptions options, BrokerGuardCounters counters, ILogger logger)
    {
        _options = options;
        _counters = counters;
        _logger = logger;
    }

    /// <summary>Set by the MQTTnet server when it starts: runs one client connection to its end.</summary>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        // The WebSocket endpoint's transport must pass binary messages.
        if (connection.Features.Get<ITransferFormatFeature>() is { } format)
        {
            format.ActiveFormat = TransferFormat.Binary;
        }

        var remote = RemoteEndPoint(connection);
        var address = (remote as IPEndPoint)?.Address ?? IPAddress.None;
        if (!TryEnter(address))
        {
            _counters.RefusedAddress();
            if (_refusedLog.TryEnter(out var more))
            {
                MessagingLog.ConnectionRefused(_logger, address.ToString(), _options.MaxConnectionsPerAddress, more);
            }

            return;
        }

        _counters.Opened();
        try
        {
            var handler = ClientHandler;
            if (handler is null)
            {
                return;
            }

            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_writerBufferSize, _writerBufferSizeMax));
            using var adapter = new GuardedChannelAdapter(
                connection.Transport.Input,
                connection.Transport.Output,
                formatter,
                remote,
                LocalEndPoint(connection),
                _options.MaxPacketBytes,
                _options.ConnectTimeout,
                TimeProvider.System,
                _counters);
            await handler(adapter).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // MQTTnet handles a client's faults itself; anything that escapes ends this connection only.
            if (_closedLog.TryEnter(out var more))
            {
                MessagingLog.ConnectionFailed(_logger, address.ToString(), e.Message, more);
            }
        }
        finally
        {
            Leave(address);
            _counters.Closed();
        }
    }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writerBufferSize = options.WriterBufferSize;
        _writerBufferSizeMax = options.WriterBufferSizeMax;
        return Task.CompletedTask;
    }

    public Task StopAsync() => Task.CompletedTask;

    public void Dispose()
    {
    }

    private bool TryEnter(IPAddress address)
    {
        lock (_perAddress)
        {
            _perAddress.TryGetValue(address, out var open);
            if (open >= _options.MaxConnectionsPerAddress)
            {
                return false;
            }

            _perAddress[address] = open + 1;
            return true;
        }
    }

    private void Leave(IPAddress address)
    {
        lock (_perAddress)
        {
            if (_perAddress.TryGetValue(address, out var open) && open > 1)
            {
                _perAddress[address] = open - 1;
            }
            else
            {
                _perAddress.Remove(address);
            }
        }
    }

    private static EndPoint? RemoteEndPoint(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is { } tcp)
        {
            return tcp;
        }

        // A WebSocket connection: the HTTP connection's peer.
        var http = connection.Features.Get<IHttpConnectionFeature>();
        return http?.RemoteIpAddress is { } ip ? new IPEndPoint(ip, http.RemotePort) : null;
    }

    private static EndPoint? LocalEndPoint(ConnectionContext connection)
    {
        if (connection.LocalEndPoint is { } tcp)
        {
            return tcp;
        }

        var http = connection.Features.Get<IHttpConnectionFeature>();
        return http?.LocalIpAddress is { } ip ? new IPEndPoint(ip, http.LocalPort) : null;
    }
}
