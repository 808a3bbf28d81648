using System.Net;
using System.Text.Json;
using FerEdge.Core.Security;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The fleet's overview over HTTP: a runtime info without a device. Only caregivers and admins granted every device
/// log in (the page shows every robot on the broker); their session answer carries the dashboard's broker account
/// instead of the session token (an external broker cannot check tokens); <c>/api/config</c> names no device and the
/// topic root <c>feredge/</c>.
/// </summary>
public sealed class FleetDashboardHttpTests : IAsyncLifetime
{
    private const string RoomCaregiver = "rita";
    private const string RoomCaregiverPassword = "rita-password-1";
    private static readonly DashboardOptions Options = new();

    private readonly FerEdge.Testing.TestUsers _users = DashboardUsers.Create().With(RoomCaregiver, Role.Caregiver, RoomCaregiverPassword, "room-12");
    private DashboardSessions _sessions = null!;
    private DashboardServer _server = null!;
    private DashboardApiClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _sessions = new DashboardSessions(Options);
        var runtime = new DashboardRuntimeInfo(
            null, null, null, WebSocketUri: new Uri("wss://broker.home:9001/mqtt"), BrokerLogin: new DashboardBrokerLogin("dashboard", "dashboard-broker-password"));
        _server = await DashboardServer.StartAsync(
            0, Options, runtime, IPAddress.Loopback, access: new DashboardAccess(_users, _sessions, new LoginThrottle()),
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
    public async Task Login_CaregiverOfEveryDevice_GetsTheBrokerAccountAndAFleetConfig()
    {
        var login = await _api.LoginOkAsync();
        Assert.Equal("dashboard", login.GetProperty("mqtt").GetProperty("username").GetString());
        Assert.Equal("dashboard-broker-password", login.GetProperty("mqtt").GetProperty("password").GetString());

        using var config = await _api.GetAsync("api/config");
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        using var json = JsonDocument.Parse(await config.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("device").ValueKind);
        Assert.Equal("feredge/", json.RootElement.GetProperty("mqtt").GetProperty("topic_root").GetString());
        Assert.Equal("wss://broker.home:9001/mqtt", json.RootElement.GetProperty("mqtt").GetProperty("ws_url").GetString());
    }

    [Fact]
    public async Task Login_CaregiverOfOneDevice_Forbidden()
    {
        using var response = await _api.LoginAsync(RoomCaregiver, RoomCaregiverPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("every robot", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Null(_api.Cookie);
    }

    [Fact]
    public async Task Config_WithoutLogin_Unauthorized()
    {
        using var config = await _api.GetAsync("api/config");

        Assert.Equal(HttpStatusCode.Unauthorized, config.StatusCode);
    }
}
