using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using MQTTnet;
using MQTTnet.Protocol;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// The embedded broker against bad clients, with raw sockets on loopback: bytes then a close, half-open connections,
/// oversize packets, too many connections from one address, retained-message floods. Every test is bounded in
/// connections and time. The collection runs alone, so the process's CPU time measures the broker only.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class BrokerGuardTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(2);

    private static Task<EmbeddedBroker> StartAsync(
        TimeSpan? connectTimeout = null, int maxPacketBytes = 256 * 1024, int maxRetained = 1000, long maxRetainedBytes = 4 << 20, int perAddress = 256) =>
        LoopbackBroker.StartAsync(LoopbackBroker.Options with
        {
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            MaxPacketBytes = maxPacketBytes,
            MaxRetainedMessages = maxRetained,
            MaxRetainedBytes = maxRetainedBytes,
            MaxConnectionsPerAddress = perAddress,
        });

    [Fact]
    public async Task OneByteThenClose_ConnectionEndsAtOnceAndNothingSpins()
    {
        await using var broker = await StartAsync();
        const int clients = 20;
        for (var i = 0; i < clients; i++)
        {
            using var socket = await ConnectRawAsync(broker.MqttPort);
            await socket.SendAsync(new byte[] { 0x10 }, SocketFlags.None, TestContext.Current.CancellationToken);
            socket.Close();
        }

        Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.AcceptedConnections == clients && broker.Guards.OpenConnections == 0, Settle),
            $"open connections {broker.Guards.OpenConnections}, accepted {broker.Guards.AcceptedConnections}");
        Assert.Equal(clients, broker.Guards.PartialPackets);
        await ProcessCpu.AssertBecomesIdleAsync(IdleWindow);
        await AssertLegitimateClientConnectsAsync(broker.MqttUri);
    }

    [Fact]
    public async Task PartialPacketInWebSocketFrameThenClose_ConnectionEndsAtOnceAndNothingSpins()
    {
        await using var broker = await StartAsync();
        const int clients = 10;
        for (var i = 0; i < clients; i++)
        {
            using var ws = new ClientWebSocket();
            ws.Options.AddSubProtocol("mqtt");
            await ws.ConnectAsync(broker.WebSocketUri, TestContext.Current.CancellationToken);

            // A CONNECT whose fixed header promises 32 bytes, of which one arrives; then the peer goes away.
            await ws.SendAsync(new byte[] { 0x10, 0x20, 0x00 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
            if (i % 2 == 0)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, TestContext.Current.CancellationToken);
            }
            else
            {
                ws.Abort();
            }
        }

        Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.AcceptedConnections == clients && broker.Guards.OpenConnections == 0, Settle),
            $"open connections {broker.Guards.OpenConnections}, accepted {broker.Guards.AcceptedConnections}");
        await ProcessCpu.AssertBecomesIdleAsync(IdleWindow);
        await AssertLegitimateClientConnectsAsync(broker.WebSocketUri);
    }

    [Fact]
    public async Task HalfOpenConnections_ClosedAfterConnectTimeout()
    {
        await using var broker = await StartAsync(connectTimeout: TimeSpan.FromMilliseconds(500));
        using var silent = await ConnectRawAsync(broker.MqttPort);
        using var halfConnect = await ConnectRawAsync(broker.MqttPort);

        // The first 4 bytes of a CONNECT that promises 16.
        await halfConnect.SendAsync(new byte[] { 0x10, 0x10, 0x00, 0x04 }, SocketFlags.None, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        Assert.True(await ClosedByServerAsync(silent, Settle), "silent connection still open");
        Assert.True(await ClosedByServerAsync(halfConnect, Settle), "half-sent CONNECT still open");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
        Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.OpenConnections == 0, Settle));
        Assert.Equal(2, broker.Guards.ConnectTimeouts);
    }

    [Fact]
    public async Task OversizePacket_ClosedBeforeItsBodyArrives()
    {
        await using var broker = await StartAsync(maxPacketBytes: 64 * 1024);
        using var socket = await ConnectRawAsync(broker.MqttPort);

        // A PUBLISH whose remaining length (4 bytes) claims 200 MB.
        await socket.SendAsync(new byte[] { 0x30, 0x80, 0x80, 0xC0, 0x5F }, SocketFlags.None, TestContext.Current.CancellationToken);

        Assert.True(await ClosedByServerAsync(socket, Settle), "oversize packet did not close the connection");
        Assert.Equal(1, broker.Guards.OversizePackets);

        // A real client that publishes over the limit loses its connection; one under it does not.
        var client = await ConnectClientAsync(broker.MqttUri);
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("t/small").WithPayload(new byte[1000]).Build(), TestContext.Current.CancellationToken);
        Assert.True(client.IsConnected);
        try
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("t/big").WithPayload(new byte[100_000]).Build(), TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException
                                   || (e is OperationCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested))
        {
            // The broker closes the connection while the client is still sending: the client reports either the
            // broken connection or its send cancelled by its own teardown, whichever it notices first.
        }

        Assert.True(await Eventually.TrueWithinAsync(() => !client.IsConnected, Settle), "client over the limit still connected");
        Assert.Equal(2, broker.Guards.OversizePackets);
        client.Dispose();
    }

    [Fact]
    public async Task ConnectionsPerAddress_OverTheLimitClosedAtOnce()
    {
        await using var broker = await StartAsync(perAddress: 3);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                sockets.Add(await ConnectRawAsync(broker.MqttPort));
            }

            Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.RefusedPerAddress == 2, Settle), $"refused {broker.Guards.RefusedPerAddress}");
            Assert.Equal(3, broker.Guards.OpenConnections);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.OpenConnections == 0, Settle));
        await AssertLegitimateClientConnectsAsync(broker.MqttUri);
    }

    [Fact]
    public async Task RetainedFlood_StoreStaysWithinCountAndBytes()
    {
        await using var broker = await StartAsync(maxRetained: 5, maxRetainedBytes: 12_000);
        using var client = await ConnectClientAsync(broker.MqttUri);
        for (var i = 0; i < 20; i++)
        {
            await client.PublishAsync(Retained($"flood/{i}", 1000), TestContext.Current.CancellationToken);
        }

        Assert.Equal(5, (await broker.Server.GetRetainedMessagesAsync()).Count);
        Assert.Equal(15, broker.Guards.RetainedRefused);

        // Replacing a retained topic within the limits is allowed; growing past the byte limit is not.
        await client.PublishAsync(Retained("flood/0", 5000), TestContext.Current.CancellationToken);
        await client.PublishAsync(Retained("flood/1", 5000), TestContext.Current.CancellationToken);
        var stored = await broker.Server.GetRetainedMessagesAsync();
        Assert.Equal(5, stored.Count);
        Assert.InRange(stored.Sum(m => m.Payload.Length), 0, 12_000);
        Assert.Equal(5000, stored.Single(m => m.Topic == "flood/0").Payload.Length);
        Assert.Equal(1000, stored.Single(m => m.Topic == "flood/1").Payload.Length);

        // Clearing frees room.
        await client.PublishAsync(Retained("flood/2", 0), TestContext.Current.CancellationToken);
        await client.PublishAsync(Retained("flood/new", 1000), TestContext.Current.CancellationToken);
        Assert.Contains(await broker.Server.GetRetainedMessagesAsync(), m => m.Topic == "flood/new");
    }

    [Fact]
    public async Task MalformedAndHalfConnectFlood_LegitimateClientStillConnectsQuickly()
    {
        await using var broker = await StartAsync(connectTimeout: TimeSpan.FromSeconds(2));
        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                // A CONNECT with a garbage protocol name, then close.
                using var bad = await ConnectRawAsync(broker.MqttPort);
                await bad.SendAsync(new byte[] { 0x10, 0x06, 0x00, 0x04, 0xFF, 0xFE, 0xFD, 0xFC }, SocketFlags.None, TestContext.Current.CancellationToken);
                bad.Close();

                var half = await ConnectRawAsync(broker.MqttPort);
                await half.SendAsync(new byte[] { 0x10, 0x20 }, SocketFlags.None, TestContext.Current.CancellationToken);
                held.Add(half);
            }

            var clock = Stopwatch.StartNew();
            await AssertLegitimateClientConnectsAsync(broker.MqttUri);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
            Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.OpenConnections == 0, TimeSpan.FromSeconds(10)),
                $"open connections {broker.Guards.OpenConnections}");
            Assert.Equal(100, broker.Guards.ConnectTimeouts);
            await ProcessCpu.AssertBecomesIdleAsync(IdleWindow);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    private static MqttApplicationMessage Retained(string topic, int bytes) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(new byte[bytes]).WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static async Task<Socket> ConnectRawAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), TestContext.Current.CancellationToken);
        return socket;
    }

    /// <summary>True when the server closes <paramref name="socket"/> (a read returns 0 or fails) within <paramref name="timeout"/>.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<IMqttClient> ConnectClientAsync(Uri broker)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithClientId("guard-" + Guid.NewGuid().ToString("N")[..8]).WithTimeout(TimeSpan.FromSeconds(5));
        builder = broker.Scheme == "ws"
            ? builder.WithWebSocketServer(o => o.WithUri(broker.AbsoluteUri))
            : builder.WithTcpServer(broker.Host, broker.Port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(builder.Build(), timeout.Token);
        return client;
    }

    private static async Task AssertLegitimateClientConnectsAsync(Uri broker)
    {
        using var client = await ConnectClientAsync(broker);
        Assert.True(client.IsConnected);
        await client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

}
