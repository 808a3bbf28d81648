using System.Net;
using FerEdge.Core.Security;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// Chromium and a stand-alone HTTPS <see cref="DashboardServer"/> with a throw-away CA: trusted through the NSS
/// database of a temporary HOME the page loads, logs in and out with verification fully on; without that trust
/// Chromium refuses the page.
/// </summary>
public sealed class HttpsBrowserTests
{
    [Fact]
    public async Task Page_TrustedCa_LoadsOverHttpsLogsInAndOut_UntrustedRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificates = TestCertificates.Create();
        using var home = ChromiumHome.Trusting(certificates);
        var options = new DashboardOptions();
        using var sessions = new DashboardSessions(options);
        var runtime = new DashboardRuntimeInfo("robot-https", HttpPort: null, WebSocketPort: 9, WebSocketPath: "/mqtt");
        await using var server = await DashboardServer.StartAsync(
            0, options, runtime, IPAddress.Loopback, access: new DashboardAccess(DashboardUsers.Create(), sessions, new LoginThrottle()),
            certificate: certificates.Server, cancellationToken: ct);
        var screenshots = TestPaths.InRepo("artifacts", "test", "dashboard", "https");

        // No broker listens on the WebSocket port: the page logs in, shows its (connecting) dashboard, and logs out.
        string[] steps = ["logged-out", $"login={DashboardUsers.Caregiver}:{DashboardUsers.CaregiverPassword}", "status=connecting", "logout", "logged-out"];
        var trusted = await BrowserRun.RunAsync(server.LocalUri, steps, screenshots, _ => Task.CompletedTask, TimeSpan.FromMinutes(1), home);
        var untrusted = await BrowserRun.RunAsync(server.LocalUri, ["logged-out"], screenshots, _ => Task.CompletedTask, TimeSpan.FromMinutes(1));

        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.All(trusted.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
        var requests = trusted.Summary!.Value.GetProperty("requests").EnumerateArray().Select(r => new Uri(r.GetString()!)).ToList();
        Assert.Contains(requests, r => r.Scheme == "https" && r.AbsolutePath == "/api/login");
        Assert.Equal(0, sessions.Count);
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", untrusted.Stderr, StringComparison.Ordinal);
    }
}
