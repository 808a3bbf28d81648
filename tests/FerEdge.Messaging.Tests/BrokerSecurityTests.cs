using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FerEdge.Core.Contract;
using FerEdge.Core.Security;
using FerEdge.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// The embedded broker as a care home's network meets it: TLS on every listener, every client logged in, and the
/// access rules per role and per device, checked with MQTTnet clients, Debian's mosquitto clients and raw sockets.
/// They run with the CPU-measuring tests, not beside other tests: the flood's handshakes would show in those.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class BrokerSecurityTests : IDisposable
{
    private const string DeviceA = "robot-a";
    private const string DeviceB = "robot-b";
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly TestUsers _users = new TestUsers()
        .With(DeviceA, Role.Device, "device-a-secret")
        .With(DeviceB, Role.Device, "device-b-secret")
        .With("carol", Role.Caregiver, "carol-secret")
        .With("robby", Role.Robot, "robby-secret")
        .With("ada", Role.Admin, "ada-secret")
        .With("only-b", Role.Caregiver, "only-b-secret", DeviceB);

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task AnonymousAndWrongPasswordClients_AreRefused()
    {
        await using var broker = await StartAsync();
        var anonymous = await ConnectResultAsync(broker.MqttUri, new TestLogin(null, null, _certificates.Ca));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, anonymous);
        var wrong = await ConnectResultAsync(broker.MqttUri, Login("carol", "not-carols"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong);
        var unknown = await ConnectResultAsync(broker.MqttUri, Login("mallory", "carol-secret"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, unknown);
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectResultAsync(broker.MqttUri, Login("carol", "carol-secret")));
        Assert.Equal(3, broker.Guards.RefusedLogins);
    }

    [Fact]
    public async Task Caregiver_CannotPublishAnyDeviceTopic_NorFakeRetainedStatus()
    {
        await using var broker = await StartAsync();
        await using var watcher = await TestSubscriber.ConnectAsync(broker.MqttUri, $"feredge/{DeviceA}/#", login: Login("ada", "ada-secret"));
        using var carol = await ConnectAsync(broker.MqttUri, Login("carol", "carol-secret"), "carol-1");
        foreach (var suffix in new[] { "status", "emotion", "explanation", "metrics", "reply" })
        {
            var result = await carol.PublishAsync(Message($"feredge/{DeviceA}/{suffix}", "{\"schema\":1,\"state\":\"offline\"}", retain: true), TestContext.Current.CancellationToken);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        }

        // Her command does arrive: acknowledgements and corrections are commands.
        var command = await carol.PublishAsync(Message($"feredge/{DeviceA}/command", "{\"schema\":1,\"id\":\"1\",\"command\":\"ack\"}"), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientPublishReasonCode.Success, command.ReasonCode);
        Assert.True(await watcher.WaitForAsync(r => r.Any(m => m.Topic.EndsWith("/command", StringComparison.Ordinal)), TestDevice.Wait), "command not delivered");
        Assert.DoesNotContain(watcher.Received, m => !m.Topic.EndsWith("/command", StringComparison.Ordinal));
        Assert.DoesNotContain(await broker.Server.GetRetainedMessagesAsync(), m => m.Topic.StartsWith($"feredge/{DeviceA}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneDevice_CannotReadAnothers_AndWildcardsBringOnlyWhatAUserMayRead()
    {
        await using var broker = await StartAsync();
        using var deviceB = await ConnectAsync(broker.MqttUri, Login(DeviceB, "device-b-secret"), "feredge-" + DeviceB);
        var refused = await deviceB.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"feredge/{DeviceA}/#").Build(), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(refused.Items).ResultCode);

        // A device connects only under its own client id: this takes the session above over.
        await using var deviceBWide = await TestSubscriber.ConnectAsync(broker.MqttUri, "feredge/+/command", login: Login(DeviceB, "device-b-secret"), clientId: "feredge-" + DeviceB);
        await using var carolWide = await TestSubscriber.ConnectAsync(broker.MqttUri, "feredge/#", login: Login("carol", "carol-secret"));
        await using var onlyB = await TestSubscriber.ConnectAsync(broker.MqttUri, "feredge/#", login: Login("only-b", "only-b-secret"));

        // Device A publishes its state (the retained status first); robot sends commands to both devices.
        using var deviceA = await ConnectAsync(broker.MqttUri, Login(DeviceA, "device-a-secret"), "feredge-" + DeviceA);
        await deviceA.PublishAsync(Message($"feredge/{DeviceA}/status", "{\"schema\":1,\"state\":\"online\"}", retain: true), TestContext.Current.CancellationToken);
        await deviceA.PublishAsync(Message($"feredge/{DeviceA}/emotion", "{\"schema\":1,\"emotion\":\"happy\"}"), TestContext.Current.CancellationToken);
        using var robot = await ConnectAsync(broker.MqttUri, Login("robby", "robby-secret"), "robby-1");
        await robot.PublishAsync(Message($"feredge/{DeviceA}/command", "{\"schema\":1,\"id\":\"a\"}"), TestContext.Current.CancellationToken);
        await robot.PublishAsync(Message($"feredge/{DeviceB}/command", "{\"schema\":1,\"id\":\"b\"}"), TestContext.Current.CancellationToken);

        Assert.True(await deviceBWide.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "device B got no command");
        Assert.True(await carolWide.WaitForAsync(r => r.Count >= 2, TestDevice.Wait), "caregiver got no state");
        await Task.Delay(Quiet, TestContext.Current.CancellationToken);
        Assert.Equal([$"feredge/{DeviceB}/command"], deviceBWide.Received.Select(m => m.Topic));
        Assert.Equal([$"feredge/{DeviceA}/status", $"feredge/{DeviceA}/emotion"], carolWide.Received.Select(m => m.Topic));
        Assert.Empty(onlyB.Received);

        // A late wide subscription gets the retained status only where the user may read it.
        await using var lateB = await TestSubscriber.ConnectAsync(broker.MqttUri, "feredge/#", login: Login(DeviceB, "device-b-secret"), clientId: "feredge-" + DeviceB);
        await using var lateCarol = await TestSubscriber.ConnectAsync(broker.MqttUri, "#", login: Login("carol", "carol-secret"));
        Assert.True(await lateCarol.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "no retained status for the caregiver");
        await Task.Delay(Quiet, TestContext.Current.CancellationToken);
        Assert.Empty(lateB.Received);
    }

    [Fact]
    public async Task ClientIds_AreBoundToUsers()
    {
        await using var broker = await StartAsync();
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(broker.MqttUri, Login("carol", "carol-secret"), "feredge-" + DeviceA));
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(broker.MqttUri, Login(DeviceB, "device-b-secret"), "feredge-" + DeviceA));
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(broker.MqttUri, Login(DeviceA, "device-a-secret"), "something-else"));

        using var device = await ConnectAsync(broker.MqttUri, Login(DeviceA, "device-a-secret"), "feredge-" + DeviceA);
        using var carol = await ConnectAsync(broker.MqttUri, Login("carol", "carol-secret"), "tablet-1");
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(broker.MqttUri, Login("robby", "robby-secret"), "tablet-1"));
        Assert.True(carol.IsConnected, "another user's attempt took the session over");

        // The same user may take its own session over (a reconnect after a silent drop).
        using var carolAgain = await ConnectAsync(broker.MqttUri, Login("carol", "carol-secret"), "tablet-1");
        Assert.True(carolAgain.IsConnected);
        Assert.True(device.IsConnected);
    }

    [Fact]
    public async Task FailedLogins_AreRateLimitedPerAddress()
    {
        await using var broker = await StartAsync();
        for (var i = 0; i < LoginThrottle.FreeFailures + 1; i++)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(broker.MqttUri, Login("carol", "guess-" + i)));
        }

        var checks = _users.Checks;
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectResultAsync(broker.MqttUri, Login("carol", "carol-secret")));
        Assert.Equal(checks, _users.Checks);
    }

    [Fact]
    public async Task Tls_WorksWithTheCa_AndFailsWithout_ForMqttnetAndMosquitto()
    {
        await using var broker = await StartAsync();
        Assert.Equal("mqtts", broker.MqttUri.Scheme);
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectResultAsync(broker.MqttUri, Login("carol", "carol-secret")));
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectResultAsync(broker.WebSocketUri, Login("carol", "carol-secret")));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectResultAsync(broker.MqttUri, new TestLogin("carol", "carol-secret")));

        // Debian's mosquitto clients: the device's retained status, read over TLS with the CA file, and refused
        // without it (the system's roots do not know the device CA) or without a password.
        using var device = await ConnectAsync(broker.MqttUri, Login(DeviceA, "device-a-secret"), "feredge-" + DeviceA);
        await device.PublishAsync(Message($"feredge/{DeviceA}/status", "{\"schema\":1,\"state\":\"online\"}", retain: true), TestContext.Current.CancellationToken);
        var (code, output) = await MosquittoSubAsync(broker.MqttPort, ["--cafile", _certificates.CaFile, "-u", "carol", "-P", "carol-secret"]);
        Assert.True(code == 0, $"mosquitto_sub with the CA failed ({code}): {output}");
        Assert.Contains("\"online\"", output, StringComparison.Ordinal);
        var (noCa, noCaOutput) = await MosquittoSubAsync(broker.MqttPort, ["-u", "carol", "-P", "carol-secret", "--capath", "/etc/ssl/certs"]);
        Assert.True(noCa != 0, "mosquitto_sub trusted the broker without its CA: " + noCaOutput);
        var (noPassword, noPasswordOutput) = await MosquittoSubAsync(broker.MqttPort, ["--cafile", _certificates.CaFile]);
        Assert.True(noPassword != 0, "mosquitto_sub read without a password: " + noPasswordOutput);
    }

    [Fact]
    public async Task PlainText_IsClosedByDefault_AndOnlyOnLoopbackWhenConfigured()
    {
        await using (var broker = await StartAsync())
        {
            Assert.Null(broker.PlainTextPort);

            // A plain-text CONNECT to the TLS port gets no CONNACK: the server waits for a TLS hello and then closes.
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, broker.MqttPort), TestContext.Current.CancellationToken);
            await socket.SendAsync(RawConnect("carol", "carol-secret"), SocketFlags.None, TestContext.Current.CancellationToken);
            var reply = new byte[4];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var read = 0;
            try
            {
                read = await socket.ReceiveAsync(reply, SocketFlags.None, wait.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }

            Assert.False(read >= 2 && reply[0] == 0x20, "the TLS port answered a plain-text CONNECT");
        }

        await using var withPlain = await StartAsync(plainTextPort: 0);
        var port = Assert.IsType<int>(withPlain.PlainTextPort);
        var plain = new Uri($"mqtt://127.0.0.1:{port}");
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectResultAsync(plain, Login("robby", "robby-secret")));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(plain, new TestLogin(null, null)));
        var listening = IPGlobalPropertiesListeners().Where(e => e.Port == port).ToList();
        Assert.NotEmpty(listening);
        Assert.All(listening, e => Assert.True(IPAddress.IsLoopback(e.Address), $"plain-text port bound to {e.Address}"));
    }

    [Fact]
    public async Task ThousandMalformedConnects_AndJunkWebSocketUpgrades_LeaveTheBrokerServing()
    {
        await using var broker = await StartAsync(connectTimeout: TimeSpan.FromSeconds(1));
        await using var watcher = await TestSubscriber.ConnectAsync(broker.MqttUri, $"feredge/{DeviceA}/#", login: Login("carol", "carol-secret"));
        var random = new Random(14);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            // Over TLS (as a real client would get through): a CONNECT with a broken protocol name, a bad length or junk.
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, broker.MqttPort, TestContext.Current.CancellationToken);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(TrustingTheCa(), TestContext.Current.CancellationToken);
            byte[] junk = (i % 3) switch
            {
                0 => [0x10, 0x06, 0x00, 0x04, 0xFF, 0xFE, 0xFD, 0xFC],
                1 => [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
                _ => RandomBytes(random, 64),
            };
            await tls.WriteAsync(junk, TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < 100; i++)
        {
            // Junk upgrades on the WebSocket port: wrong subprotocol, no key, plain HTTP garbage, all inside TLS.
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, broker.WebSocketPort, TestContext.Current.CancellationToken);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(TrustingTheCa(), TestContext.Current.CancellationToken);
            var request = (i % 2) == 0
                ? "GET /mqtt HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: junk\r\n\r\n"
                : "GET /mqtt HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: !!\r\n\r\n\x00\x01\x02";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        }

        // The legitimate device still publishes and its caregiver still reads, promptly.
        using var device = await ConnectAsync(broker.MqttUri, Login(DeviceA, "device-a-secret"), "feredge-" + DeviceA);
        await device.PublishAsync(Message($"feredge/{DeviceA}/emotion", "{\"schema\":1}"), TestContext.Current.CancellationToken);
        Assert.True(await watcher.WaitForAsync(r => r.Count >= 1, TestDevice.Wait), "the caregiver no longer receives");
        Assert.True(await Eventually.TrueWithinAsync(() => broker.Guards.OpenConnections <= 2, TimeSpan.FromSeconds(15)),
            $"open connections {broker.Guards.OpenConnections} after {clock.Elapsed}");

        // Nothing keeps running away with the CPU once the flood has passed.
        await ProcessCpu.AssertBecomesIdleAsync(TimeSpan.FromSeconds(2));
    }

    private SslClientAuthenticationOptions TrustingTheCa()
    {
        var policy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
        {
            TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
            RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(_certificates.Ca);
        return new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = policy };
    }

    [Fact]
    public async Task Publisher_ReceivesItsOwnCommands_AndTheBrokerKeepsResetFromARobot()
    {
        await using var broker = await StartAsync();
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = TestDevice.Options(broker.MqttUri, DeviceA) with
        {
            UserName = DeviceA, Password = "device-a-secret", CaCertificate = _certificates.Ca,
            OnCommand = payload => received.Enqueue(Encoding.UTF8.GetString(payload.Span)),
        };
        await using var publisher = new MqttPublisher(options, TestDevice.Status(DeviceA));
        publisher.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect");
        using var carol = await ConnectAsync(broker.MqttUri, Login("carol", "carol-secret"), "carol-cmd");
        using var robby = await ConnectAsync(broker.MqttUri, Login("robby", "robby-secret"), "robby-cmd");
        var ct = TestContext.Current.CancellationToken;

        var carolCorrects = await carol.PublishAsync(Message($"feredge/{DeviceA}/command", """{"id":"1","command":"correct","emotion":"happy"}"""), ct);
        var robbyResets = await robby.PublishAsync(Message($"feredge/{DeviceA}/command", """{"id":"2","command":"reset"}"""), ct);
        var robbyRemoves = await robby.PublishAsync(Message($"feredge/{DeviceA}/command", """{"id":"5","command":"remove_person","person":"anna"}"""), ct);
        var robbyCorrects = await robby.PublishAsync(Message($"feredge/{DeviceA}/command", """{"id":"3","command":"correct","emotion":"sadness"}"""), ct);
        var carolResets = await carol.PublishAsync(Message($"feredge/{DeviceA}/command", """{"id":"4","command":"reset"}"""), ct);

        Assert.Equal(MqttClientPublishReasonCode.Success, carolCorrects.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, robbyResets.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, robbyRemoves.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, robbyCorrects.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, carolResets.ReasonCode);
        Assert.True(await Eventually.TrueWithinAsync(() => received.Count >= 3, TestDevice.Wait), $"commands received: {string.Join(" ", received)}");
        Assert.Equal(["1", "3", "4"], received.Select(r => System.Text.Json.JsonDocument.Parse(r).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Publisher_ReachesTheTlsBrokerWithItsCredentials_AndNamesAWrongCertificate()
    {
        await using var broker = await StartAsync();
        await using var watcher = await TestSubscriber.ConnectAsync(broker.MqttUri, $"feredge/{DeviceA}/#", login: Login("carol", "carol-secret"));
        var options = TestDevice.Options(broker.MqttUri, DeviceA) with { UserName = DeviceA, Password = "device-a-secret", CaCertificate = _certificates.Ca };
        await using (var publisher = new MqttPublisher(options, TestDevice.Status(DeviceA)))
        {
            publisher.Start();
            Assert.True(await Eventually.TrueWithinAsync(() => publisher.IsConnected, TestDevice.Wait), "publisher did not connect over TLS");
            publisher.Enqueue(MqttTopics.Emotion, TestDevice.Emotion(1));
            Assert.True(await watcher.WaitForAsync(r => r.Any(m => m.Topic.EndsWith("/emotion", StringComparison.Ordinal)), TestDevice.Wait), "no emotion over TLS");
        }

        // Another CA: the publisher never connects, says why, and never falls back to plain text.
        using var other = TestCertificates.Create("another CA");
        var log = new ListLogger();
        await using var wrong = new MqttPublisher(options with { CaCertificate = other.Ca }, TestDevice.Status(DeviceA), log);
        wrong.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => log.Lines.Any(l => l.Contains("does not chain to the configured CA", StringComparison.Ordinal)), TestDevice.Wait),
            "no certificate error logged: " + string.Join(" | ", log.Lines));
        Assert.False(wrong.IsConnected);
        Assert.StartsWith("Warning", log.Lines.First(l => l.Contains("TLS", StringComparison.Ordinal)), StringComparison.Ordinal);

        // A wrong password is said too.
        var badLog = new ListLogger();
        await using var badPassword = new MqttPublisher(options with { Password = "wrong" }, TestDevice.Status(DeviceA), badLog);
        badPassword.Start();
        Assert.True(await Eventually.TrueWithinAsync(() => badLog.Lines.Any(l => l.Contains("BadUserNameOrPassword", StringComparison.Ordinal)), TestDevice.Wait),
            "no login error logged: " + string.Join(" | ", badLog.Lines));
    }

    [Fact]
    public async Task EndedSession_ItsConnectionsAreClosed_OthersStay()
    {
        // A page logged in with a session token: the principal carries the session's id.
        var sessions = new SessionTokens("token-1", new Principal("carol", Role.Caregiver) { SessionId = "session-1" });
        await using var broker = await EmbeddedBroker.StartAsync(
            new EmbeddedBrokerOptions
            {
                BindAddress = IPAddress.Loopback,
                MqttPort = 0,
                WebSocketPort = 0,
                Certificate = _certificates.Server,
                Authenticator = new AuthenticatorChain(sessions, _users),
            },
            cancellationToken: TestContext.Current.CancellationToken);
        using var page = await ConnectAsync(broker.WebSocketUri, Login("carol", "token-1"), "dashboard-1");
        using var tablet = await ConnectAsync(broker.MqttUri, Login("carol", "carol-secret"), "tablet-1");

        Assert.Equal(1, await broker.DisconnectAsync(p => p.SessionId == "session-1"));
        Assert.True(await Eventually.TrueWithinAsync(() => !page.IsConnected, TestDevice.Wait), "the ended session's page is still connected");
        Assert.True(tablet.IsConnected);
    }

    [Fact]
    public void PublisherOptions_RefuseAPasswordInTheUri_AndCertificatesWithoutTls()
    {
        var inUri = TestDevice.Options(new Uri("mqtts://dev:secret@broker.example:8883"), DeviceA);
        Assert.Contains("password file", Assert.Throws<ArgumentException>(inUri.Validate).Message, StringComparison.Ordinal);
        var plainWithCa = TestDevice.Options(new Uri("mqtt://broker.example:1883"), DeviceA) with { CaCertificate = _certificates.Ca };
        Assert.Contains("TLS broker URI", Assert.Throws<ArgumentException>(plainWithCa.Validate).Message, StringComparison.Ordinal);
        var user = TestDevice.Options(new Uri("mqtts://robot-a@broker.example:8883"), DeviceA);
        Assert.Equal("robot-a", user.EffectiveUserName);
        Assert.True(user.UsesTls);
    }

    private static IPEndPoint[] IPGlobalPropertiesListeners() =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners();

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RawConnect(string user, string password)
    {
        // MQTT 3.1.1 CONNECT with user name and password flags.
        var body = new List<byte> { 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0xC2, 0x00, 0x3C, 0x00, 0x01, (byte)'x' };
        foreach (var text in new[] { user, password })
        {
            body.Add(0);
            body.Add((byte)text.Length);
            body.AddRange(Encoding.ASCII.GetBytes(text));
        }

        return [0x10, (byte)body.Count, .. body];
    }

    private TestLogin Login(string user, string password) => new(user, password, _certificates.Ca);

    private static MqttApplicationMessage Message(string topic, string json, bool retain = false) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(json).WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private Task<EmbeddedBroker> StartAsync(int? plainTextPort = null, TimeSpan? connectTimeout = null) =>
        EmbeddedBroker.StartAsync(
            new EmbeddedBrokerOptions
            {
                BindAddress = IPAddress.Loopback,
                MqttPort = 0,
                WebSocketPort = 0,
                Certificate = _certificates.Server,
                Authenticator = _users,
                PlainTextPort = plainTextPort,
                ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            },
            cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<IMqttClient> ConnectAsync(Uri broker, TestLogin login, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await client.ConnectAsync(TestSubscriber.Options(broker, MqttProtocolVersion.V500, login, clientId), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task<MqttClientConnectResultCode> ConnectResultAsync(Uri broker, TestLogin? login, string? clientId = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = TestSubscriber.Options(broker, MqttProtocolVersion.V500, login, clientId ?? "probe-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await client.ConnectAsync(options, timeout.Token);
        if (result.ResultCode == MqttClientConnectResultCode.Success)
        {
            await client.DisconnectAsync(cancellationToken: timeout.Token);
        }

        return result.ResultCode;
    }

    private static async Task<(int Code, string Output)> MosquittoSubAsync(int port, IEnumerable<string> extra)
    {
        var start = new ProcessStartInfo("mosquitto_sub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5", "-t", $"feredge/{DeviceA}/status", "-C", "1", "-W", "5", "-i", "mosq-" + Guid.NewGuid().ToString("N")[..8] }.Concat(extra))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>Keeps every log line as "Level: message", for checks on what an operator would read.</summary>
internal sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<MqttPublisher>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}

/// <summary>One session token standing for one principal, as the dashboard's sessions answer the broker.</summary>
internal sealed class SessionTokens(string token, Principal user) : IUserAuthenticator
{
    public ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult(userName == user.Name && password == token ? user : null);
}
