using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace FerEdge.Messaging;

/// <summary>
/// One broker-side MQTT connection over a Kestrel transport pipe (TCP, or the messages of a WebSocket). It frames
/// packets itself before MQTTnet decodes them, so that:
/// <list type="bullet">
/// <item>a peer that closes with part of a packet unread ends the connection at once (MQTTnet's own pipe adapter
/// waits for the rest of a packet that can never come, re-reading the completed pipe in a busy loop until its
/// 100 s communication timeout);</item>
/// <item>a packet whose fixed header claims more than the limit closes the connection before its body is buffered;</item>
/// <item>the CONNECT packet must arrive whole within the connect timeout, counted from the accept.</item>
/// </list>
/// </summary>
/// <remarks>
/// Thread-safety as MQTTnet expects of a channel adapter: one receive loop at a time; sends may come from any thread
/// and are serialised here. Whoever creates it disposes it.
/// </remarks>
internal sealed class GuardedChannelAdapter : IMqttChannelAdapter
{
    private const int MaxFixedHeaderBytes = 5;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly int _maxPacketBytes;
    private readonly DateTimeOffset _connectDeadline;
    private readonly TimeProvider _time;
    private readonly BrokerGuardCounters _counters;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private bool _receivedFirst;
    private long _bytesReceived;
    private long _bytesSent;

    public GuardedChannelAdapter(
        PipeReader input,
        PipeWriter output,
        MqttPacketFormatterAdapter formatter,
        EndPoint? remoteEndPoint,
        EndPoint? localEndPoint,
        int maxPacketBytes,
        TimeSpan connectTimeout,
        TimeProvider time,
        BrokerGuardCounters counters)
    {
        _input = input;
        _output = output;
        PacketFormatterAdapter = formatter;
        RemoteEndPoint = remoteEndPoint!;
        LocalEndPoint = localEndPoint!;
        _maxPacketBytes = maxPacketBytes;
        _time = time;
        _connectDeadline = time.GetUtcNow() + connectTimeout;
        _counters = counters;
    }

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>No TLS on these listeners.</summary>
    public X509Certificate2 ClientCertificate => null!;

    public EndPoint RemoteEndPoint { get; }

    public EndPoint LocalEndPoint { get; }

    public bool IsSecureConnection => false;

    public MqttPacketFormatterAdapter PacketFormatterAdapter { get; }

    /// <summary>The transport is connected when Kestrel hands it over.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        await _output.CompleteAsync().ConfigureAwait(false);
    }

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? connectWait = null;
        if (!_receivedFirst)
        {
            connectWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var left = _connectDeadline - _time.GetUtcNow();
            connectWait.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        try
        {
            var token = connectWait?.Token ?? cancellationToken;
            while (true)
            {
                var result = await _input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (TryFrame(buffer, out var packet, out var end))
                {
                    _input.AdvanceTo(end);
                    _receivedFirst = true;
                    return Decode(packet);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    var partial = !buffer.IsEmpty;
                    _input.AdvanceTo(buffer.End);
                    if (partial)
                    {
                        _counters.PartialPacket();
                    }

                    throw new MqttCommunicationException(partial ? "connection closed inside a packet" : "connection closed");
                }

                // Nothing whole yet: keep what arrived and wait for more bytes (not for the same ones again).
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (connectWait is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            _counters.ConnectTimedOut();
            await CompleteAsync(null).ConfigureAwait(false);
            throw new MqttCommunicationTimedOutException();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // After a framing or protocol error nothing more is read from this peer.
            await CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
        finally
        {
            connectWait?.Dispose();
        }
    }

    public void ResetStatistics()
    {
        Interlocked.Exchange(ref _bytesReceived, 0);
        Interlocked.Exchange(ref _bytesSent, 0);
    }

    public async Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var encoded = PacketFormatterAdapter.Encode(packet);
            _output.Write(encoded.Packet.AsSpan());
            foreach (var segment in encoded.Payload)
            {
                _output.Write(segment.Span);
            }

            // One flush per packet: over WebSockets each packet then travels in one message.
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytesSent, encoded.Length);
        }
        finally
        {
            PacketFormatterAdapter.Cleanup();
            _sendLock.Release();
        }
    }

    public void Dispose() => _sendLock.Dispose();

    /// <summary>
    /// Finds one whole packet at the start of <paramref name="buffer"/>: the fixed header's first byte, the remaining
    /// length (1 to 4 bytes, 7 bits each, low first) and that many body bytes.
    /// </summary>
    /// <exception cref="MqttProtocolViolationException">The remaining length is malformed or over the limit.</exception>
    private bool TryFrame(ReadOnlySequence<byte> buffer, out ReceivedMqttPacket packet, out SequencePosition end)
    {
        packet = default;
        end = buffer.Start;
        if (buffer.Length < 2)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MaxFixedHeaderBytes];
        var have = (int)Math.Min(buffer.Length, MaxFixedHeaderBytes);
        buffer.Slice(0, have).CopyTo(header);
        var remaining = 0;
        var headerLength = 0;
        for (var i = 1; ; i++)
        {
            if (i >= have)
            {
                return false;
            }

            var b = header[i];
            remaining |= (b & 0x7F) << (7 * (i - 1));
            if ((b & 0x80) == 0)
            {
                headerLength = i + 1;
                break;
            }

            if (i == MaxFixedHeaderBytes - 1)
            {
                _counters.MalformedPacket();
                throw new MqttProtocolViolationException("malformed remaining length (more than 4 bytes)");
            }
        }

        var total = (long)headerLength + remaining;
        if (total > _maxPacketBytes)
        {
            _counters.OversizePacket();
            throw new MqttProtocolViolationException($"packet of {total} bytes exceeds the broker's limit of {_maxPacketBytes}");
        }

        if (buffer.Length < total)
        {
            return false;
        }

        var body = remaining == 0 ? [] : buffer.Slice(headerLength, remaining).ToArray();
        packet = new ReceivedMqttPacket(header[0], new ArraySegment<byte>(body), (int)total);
        end = buffer.GetPosition(total);
        return true;
    }

    private MqttPacket Decode(ReceivedMqttPacket received)
    {
        if (PacketFormatterAdapter.ProtocolVersion == MqttProtocolVersion.Unknown)
        {
            // The first packet (CONNECT) names the protocol version; a packet that does not throws here.
            PacketFormatterAdapter.DetectProtocolVersion(received);
        }

        var packet = PacketFormatterAdapter.Decode(received);
        Interlocked.Add(ref _bytesReceived, received.TotalLength);
        return packet;
    }

    private async Task CompleteAsync(Exception? error)
    {
        await _input.CompleteAsync(error).ConfigureAwait(false);
        await _output.CompleteAsync(error).ConfigureAwait(false);
    }
}
