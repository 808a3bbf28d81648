namespace FerEdge.Messaging;

/// <summary>
/// What the embedded broker's guards have seen: open connections, and every connection or message they turned away.
/// Thread-safe to read at any time.
/// </summary>
public sealed class BrokerGuardCounters
{
    private long _open;
    private long _accepted;
    private long _refusedPerAddress;
    private long _connectTimeouts;
    private long _partialPackets;
    private long _oversizePackets;
    private long _malformedPackets;
    private long _retainedRefused;
    private long _refusedLogins;
    private long _refusedAccess;

    /// <summary>Connections (TCP and WebSocket) open now, including ones that have not sent CONNECT yet.</summary>
    public long OpenConnections => Interlocked.Read(ref _open);

    /// <summary>Connections accepted since the start.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed at once because their address had <see cref="EmbeddedBrokerOptions.MaxConnectionsPerAddress"/> open.</summary>
    public long RefusedPerAddress => Interlocked.Read(ref _refusedPerAddress);

    /// <summary>Connections closed because no whole CONNECT packet came within the connect timeout.</summary>
    public long ConnectTimeouts => Interlocked.Read(ref _connectTimeouts);

    /// <summary>Connections whose peer closed inside a packet.</summary>
    public long PartialPackets => Interlocked.Read(ref _partialPackets);

    /// <summary>Connections closed for a packet over <see cref="EmbeddedBrokerOptions.MaxPacketBytes"/>.</summary>
    public long OversizePackets => Interlocked.Read(ref _oversizePackets);

    /// <summary>Connections closed for a malformed fixed header.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>Retained publishes delivered but not retained because the retained limits were reached.</summary>
    public long RetainedRefused => Interlocked.Read(ref _retainedRefused);

    /// <summary>CONNECT packets refused: no or wrong credentials, a locked-out address, or a client id of another user.</summary>
    public long RefusedLogins => Interlocked.Read(ref _refusedLogins);

    /// <summary>Publishes and subscriptions refused by the access rules.</summary>
    public long RefusedAccess => Interlocked.Read(ref _refusedAccess);

    internal void Opened()
    {
        Interlocked.Increment(ref _open);
        Interlocked.Increment(ref _accepted);
    }

    internal void Closed() => Interlocked.Decrement(ref _open);

    internal void RefusedAddress() => Interlocked.Increment(ref _refusedPerAddress);

    internal void ConnectTimedOut() => Interlocked.Increment(ref _connectTimeouts);

    internal void PartialPacket() => Interlocked.Increment(ref _partialPackets);

    internal void OversizePacket() => Interlocked.Increment(ref _oversizePackets);

    internal void MalformedPacket() => Interlocked.Increment(ref _malformedPackets);

    internal void RetainRefused() => Interlocked.Increment(ref _retainedRefused);

    internal void LoginRefused() => Interlocked.Increment(ref _refusedLogins);

    internal void AccessRefused() => Interlocked.Increment(ref _refusedAccess);
}
