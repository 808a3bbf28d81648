using System.Net;
using FerEdge.Core.Security;
using FerEdge.Messaging;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The page when its session ends behind its back: the caregiver's sessions are revoked and the broker restarts (as
/// after a power cut), so the page's MQTT client reconnects with a token the broker now refuses; the page must go
/// back to its login form with nothing about the person left in it.
/// </summary>
public sealed class SessionEndBrowserTests
{
    [Fact]
    public async Task Page_BrokerRefusesEndedSession_BackToLoginAndCleared()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificates = TestCertificates.Create();
        using var home = ChromiumHome.Trusting(certificates);
        var options = new DashboardOptions();
        using var sessions = new DashboardSessions(options);
        var users = DashboardUsers.Create();
        var brokerOptions = new EmbeddedBrokerOptions
        {
            Certificate = certificates.Server,
            Authenticator = new AuthenticatorChain(sessions, users),
            BindAddress = IPAddress.Loopback,
            MqttPort = 0,
            WebSocketPort = 0,
        };
        var broker = await EmbeddedBroker.StartAsync(brokerOptions, cancellationToken: ct);
        try
        {
            var runtime = new DashboardRuntimeInfo("robot-end", HttpPort: null, WebSocketPort: null, WebSocketUri: broker.WebSocketUri);
            await using var server = await DashboardServer.StartAsync(
                0, options, runtime, IPAddress.Loopback, access: new DashboardAccess(users, sessions, new LoginThrottle()),
                certificate: certificates.Server, cancellationToken: ct);
            string[] steps = ["logged-out", $"login={DashboardUsers.Caregiver}:{DashboardUsers.CaregiverPassword}", "status=waiting", "logged-out", "login-error~=expired"];

            var result = await BrowserRun.RunAsync(server.LocalUri, steps, TestPaths.InRepo("artifacts", "test", "dashboard", "session-end"), async line =>
            {
                if (line.GetProperty("step").GetString() == "status=waiting" && line.GetProperty("ok").GetBoolean())
                {
                    sessions.EndAll(DashboardUsers.Caregiver);
                    var port = broker.WebSocketPort;
                    await broker.DisposeAsync();
                    broker = await EmbeddedBroker.StartAsync(brokerOptions with { WebSocketPort = port }, cancellationToken: ct);
                }
            }, TimeSpan.FromMinutes(1), home);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
            Assert.Equal(0, result.Steps[3].GetProperty("value").GetProperty("person_nodes").GetInt32());
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }
}
