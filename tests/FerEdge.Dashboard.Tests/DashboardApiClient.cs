using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The dashboard's login API as a page uses it, over an <see cref="HttpClient"/> that keeps no cookies of its own:
/// the session cookie is read from <c>Set-Cookie</c> and sent back by hand, so the tests see its exact attributes.
/// </summary>
internal sealed class DashboardApiClient(HttpClient http, Uri baseUri) : IDisposable
{
    public const string CookieName = "feredge_session";

    /// <summary>The session cookie to send (<c>feredge_session=...</c>), or null while logged out.</summary>
    public string? Cookie { get; set; }

    /// <summary>Creates a client on a handler that keeps no cookies.</summary>
    public static DashboardApiClient Create(Uri baseUri, HttpMessageHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler { UseCookies = false };
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.UseCookies = false;
        }

        return new DashboardApiClient(new HttpClient(handler), baseUri);
    }

    public HttpClient Http => http;

    public void Dispose() => http.Dispose();

    /// <summary>Posts a login; on success remembers the session cookie.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string user, string password)
    {
        var response = await http.PostAsJsonAsync(new Uri(baseUri, "api/login"), new { user, password }, TestContext.Current.CancellationToken);
        if (SetCookie(response) is { } set && set.StartsWith(CookieName + "=", StringComparison.Ordinal))
        {
            Cookie = set.Split(';')[0];
        }

        return response;
    }

    /// <summary>Logs in and returns the answer's JSON; fails the test unless the login succeeds.</summary>
    public async Task<JsonElement> LoginOkAsync(string user = DashboardUsers.Caregiver, string password = DashboardUsers.CaregiverPassword)
    {
        using var response = await LoginAsync(user, password);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"login as {user}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    /// <summary>An HTTP handler that trusts <paramref name="authority"/> and nothing else (host names are still checked).</summary>
    public static SocketsHttpHandler TrustingOnly(X509Certificate2 authority)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(authority);
        return new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
    }

    /// <summary>The first <c>Set-Cookie</c> header of a response, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault() : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
