using System.Net;
using System.Text;
using System.Text.Json;
using FerEdge.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The login over real sockets (a <see cref="DashboardServer"/> on loopback): who may log in, the session cookie,
/// what needs a session, logout, lock-out and expiry (on a fake clock).
/// </summary>
public sealed class DashboardLoginTests : IAsyncLifetime
{
    private static readonly DashboardOptions Options = new() { SessionLifetime = TimeSpan.FromHours(1) };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly FerEdge.Testing.TestUsers _users = DashboardUsers.Create();
    private DashboardSessions _sessions = null!;
    private DashboardServer _server = null!;
    private DashboardApiClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _sessions = new DashboardSessions(Options, _time);
        var access = new DashboardAccess(_users, _sessions, new LoginThrottle(_time));
        _server = await DashboardServer.StartAsync(
            0, Options, new DashboardRuntimeInfo("robot-login", null, 9001), IPAddress.Loopback, access: access,
            cancellationToken: TestContext.Current.CancellationToken);
        _api = DashboardApiClient.Create(_server.LocalUri);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        _sessions.Dispose();
    }

    [Fact]
    public async Task Login_Caregiver_SetsStrictHttpOnlyCookieAndAnswersMqttCredentials()
    {
        using var response = await _api.LoginAsync(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal(DashboardUsers.Caregiver, root.GetProperty("user").GetString());
        Assert.Equal("caregiver", root.GetProperty("role").GetString());
        Assert.Equal(_time.GetUtcNow() + Options.SessionLifetime, root.GetProperty("expires").GetDateTimeOffset());
        var token = root.GetProperty("mqtt").GetProperty("password").GetString()!;
        Assert.Equal(DashboardUsers.Caregiver, root.GetProperty("mqtt").GetProperty("username").GetString());
        Assert.Equal(43, token.Length);

        var cookie = DashboardApiClient.SetCookie(response)!;
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToList();
        Assert.StartsWith($"feredge_session={token};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("max-age=3600", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Login_Admin_Succeeds()
    {
        var json = await _api.LoginOkAsync(DashboardUsers.Admin, DashboardUsers.AdminPassword);

        Assert.Equal("admin", json.GetProperty("role").GetString());
    }

    [Theory]
    [InlineData(DashboardUsers.Caregiver, "wrong-password")]
    [InlineData("nobody", DashboardUsers.CaregiverPassword)]
    public async Task Login_WrongCredentials_UnauthorizedWithoutCookie(string user, string password)
    {
        using var response = await _api.LoginAsync(user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(DashboardApiClient.SetCookie(response));
        Assert.Equal(0, _sessions.Count);
        Assert.Contains("wrong user name or password", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RobotAccount_ForbiddenWithClearError()
    {
        using var response = await _api.LoginAsync(DashboardUsers.Robot, DashboardUsers.RobotPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(DashboardApiClient.SetCookie(response));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("a robot account may not use the dashboard; log in as a caregiver", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(0, _sessions.Count);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "user=carol&password=carol-password-1")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\ncarol\r\n--x--\r\n")]
    [InlineData("text/plain", "{\"user\":\"carol\",\"password\":\"carol-password-1\"}")]
    public async Task Login_NotJson_UnsupportedMediaType(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await _api.Http.PostAsync(new Uri(_server.LocalUri, "api/login"), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, _users.Checks);
    }

    [Theory]
    [InlineData("{\"user\":\"carol\"}")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task Login_MalformedJson_BadRequest(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await _api.Http.PostAsync(new Uri(_server.LocalUri, "api/login"), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _users.Checks);
    }

    [Fact]
    public async Task Login_RepeatedFailures_LockedOutWithRetryAfterWithoutPasswordCheck()
    {
        for (var i = 0; i < LoginThrottle.FreeFailures; i++)
        {
            using var failed = await _api.LoginAsync(DashboardUsers.Caregiver, "guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locking = await _api.LoginAsync(DashboardUsers.Caregiver, "guess-last");
        var checks = _users.Checks;
        using var refused = await _api.LoginAsync(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, locking.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(checks, _users.Checks);
        Assert.Null(DashboardApiClient.SetCookie(refused));

        // Once the lock-out has passed, the right password gets in (and clears the address's failures).
        _time.Advance(LoginThrottle.FirstLockout);
        await _api.LoginOkAsync();
    }

    [Theory]
    [InlineData("api/config")]
    [InlineData("api/session")]
    public async Task Api_NoSession_Unauthorized(string path)
    {
        using var anonymous = await _api.GetAsync(path);
        _api.Cookie = "feredge_session=" + new string('A', 43);
        using var madeUp = await _api.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, madeUp.StatusCode);
        Assert.DoesNotContain("robot-login", await anonymous.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_NoSession_StillServedForTheLoginForm()
    {
        using var page = await _api.GetAsync("");
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"login\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("robot-login", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_LoggedIn_AnswersTheSameAsTheLoginAndConfigIsServed()
    {
        var login = await _api.LoginOkAsync();

        using var session = await _api.GetAsync("api/session");
        using var config = await _api.GetAsync("api/config");

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal(login.ToString(), JsonDocument.Parse(await session.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.ToString());
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Contains("\"device\":\"robot-login\"", await config.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_EndsTheSessionExpiresTheCookieAndTheBrokerRefusesTheToken()
    {
        var token = (await _api.LoginOkAsync()).GetProperty("mqtt").GetProperty("password").GetString()!;
        var ended = new List<DashboardSessionEnd>();
        _sessions.Ended += (_, why) => ended.Add(why);
        Assert.NotNull(await _sessions.AuthenticateAsync(DashboardUsers.Caregiver, token, TestContext.Current.CancellationToken));

        using var logout = await _api.PostAsync("api/logout");
        using var session = await _api.GetAsync("api/session");
        using var config = await _api.GetAsync("api/config");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var cookie = DashboardApiClient.SetCookie(logout)!;
        Assert.StartsWith("feredge_session=;", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, config.StatusCode);
        Assert.Null(await _sessions.AuthenticateAsync(DashboardUsers.Caregiver, token, TestContext.Current.CancellationToken));
        Assert.Equal([DashboardSessionEnd.LoggedOut], ended);
    }

    [Fact]
    public async Task Session_AfterItsLifetime_RefusedEverywhereAndReportedEnded()
    {
        var token = (await _api.LoginOkAsync()).GetProperty("mqtt").GetProperty("password").GetString()!;
        var ended = new List<(string User, DashboardSessionEnd Why)>();
        _sessions.Ended += (s, why) => ended.Add((s.Principal.Name, why));

        _time.Advance(Options.SessionLifetime - TimeSpan.FromSeconds(1));
        using var before = await _api.GetAsync("api/config");
        var stillAccepted = await _sessions.AuthenticateAsync(DashboardUsers.Caregiver, token, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1));
        using var after = await _api.GetAsync("api/config");
        using var session = await _api.GetAsync("api/session");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.NotNull(stillAccepted);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Null(await _sessions.AuthenticateAsync(DashboardUsers.Caregiver, token, TestContext.Current.CancellationToken));
        // The sweep on the clock's timer ended it, not a request.
        Assert.Equal([(DashboardUsers.Caregiver, DashboardSessionEnd.Expired)], ended);
        Assert.Equal(0, _sessions.Count);
    }

    [Fact]
    public async Task Https_TrustedAuthority_LogsInWithSecureCookie_UntrustedClientFails()
    {
        using var certificates = FerEdge.Testing.TestCertificates.Create();
        using var sessions = new DashboardSessions(Options);
        var access = new DashboardAccess(_users, sessions, new LoginThrottle());
        await using var server = await DashboardServer.StartAsync(
            0, Options, new DashboardRuntimeInfo("robot-tls", null, 9001), IPAddress.Loopback, access: access,
            certificate: certificates.Server, cancellationToken: TestContext.Current.CancellationToken);
        using var trusting = DashboardApiClient.Create(server.LocalUri, DashboardApiClient.TrustingOnly(certificates.Ca));
        using var untrusting = DashboardApiClient.Create(server.LocalUri);

        using var login = await trusting.LoginAsync(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword);
        using var config = await trusting.GetAsync("api/config");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.LoginAsync(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword));

        Assert.Equal("https", server.LocalUri.Scheme);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var attributes = DashboardApiClient.SetCookie(login)!.Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("secure", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task DashboardServer_HttpsWithPlainWebSocketUrl_ThrowsNamingIt()
    {
        using var certificates = FerEdge.Testing.TestCertificates.Create();
        var runtime = new DashboardRuntimeInfo("robot-tls", null, null, WebSocketUri: new Uri("ws://127.0.0.1:9001/mqtt"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(
            0, Options, runtime, IPAddress.Loopback, certificate: certificates.Server, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("wss://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardServer_CertificateWithoutKey_Throws()
    {
        using var certificates = FerEdge.Testing.TestCertificates.Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(
            0, Options, new DashboardRuntimeInfo("robot-tls", null, 9001), IPAddress.Loopback, certificate: certificates.Ca,
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("no private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_NoAccess_NobodyLogsInAndConfigIsClosed()
    {
        await using var server = await DashboardServer.StartAsync(
            0, Options, new DashboardRuntimeInfo("robot-closed", null, 9001), IPAddress.Loopback, cancellationToken: TestContext.Current.CancellationToken);
        using var api = DashboardApiClient.Create(server.LocalUri);

        using var login = await api.LoginAsync(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword);
        using var config = await api.GetAsync("api/config");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, config.StatusCode);
    }
}
