using FerEdge.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>The session table on its own: tokens, the MQTT check, the limit and expiry, on a fake clock.</summary>
public sealed class DashboardSessionsTests
{
    private static readonly Principal Carol = new(DashboardUsers.Caregiver, Role.Caregiver);

    [Fact]
    public async Task AuthenticateAsync_TokenOfThatUser_GivesThePrincipal_OtherwiseNull()
    {
        using var sessions = new DashboardSessions(new DashboardOptions());
        var (token, session) = sessions.Start(Carol);
        var ct = TestContext.Current.CancellationToken;

        // The user, marked with the session it logged in through (so the broker can close it when the session ends).
        Assert.Equal(Carol with { SessionId = session.Id }, await sessions.AuthenticateAsync(DashboardUsers.Caregiver, token, ct));
        Assert.Null(await sessions.AuthenticateAsync(DashboardUsers.Admin, token, ct));
        Assert.Null(await sessions.AuthenticateAsync(DashboardUsers.Caregiver, DashboardUsers.CaregiverPassword, ct));
        Assert.Null(await sessions.AuthenticateAsync(DashboardUsers.Caregiver, token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), ct));
    }

    [Fact]
    public void Start_Tokens_AreRandomBase64UrlAndKeptOnlyAsTheirHash()
    {
        using var sessions = new DashboardSessions(new DashboardOptions());

        var (first, session) = sessions.Start(Carol);
        var (second, _) = sessions.Start(Carol);

        Assert.NotEqual(first, second);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first);
        Assert.Equal(DashboardSessions.IdOf(first), session.Id);
        Assert.Matches("^[0-9a-f]{64}$", session.Id);
        Assert.DoesNotContain(first, session.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void End_LiveToken_EndsOnceAndReportsLoggedOut()
    {
        using var sessions = new DashboardSessions(new DashboardOptions());
        var (token, _) = sessions.Start(Carol);
        var ended = new List<DashboardSessionEnd>();
        sessions.Ended += (_, why) => ended.Add(why);

        Assert.True(sessions.End(token));
        Assert.False(sessions.End(token));
        Assert.False(sessions.TryGet(token, out _));
        Assert.Equal([DashboardSessionEnd.LoggedOut], ended);
    }

    [Fact]
    public void EndAll_User_EndsOnlyThatUsersSessions()
    {
        using var sessions = new DashboardSessions(new DashboardOptions());
        var (first, _) = sessions.Start(Carol);
        var (second, _) = sessions.Start(Carol);
        var (other, _) = sessions.Start(new Principal(DashboardUsers.Admin, Role.Admin));
        var ended = new List<DashboardSessionEnd>();
        sessions.Ended += (_, why) => ended.Add(why);

        var count = sessions.EndAll(DashboardUsers.Caregiver);

        Assert.Equal(2, count);
        Assert.False(sessions.TryGet(first, out _));
        Assert.False(sessions.TryGet(second, out _));
        Assert.True(sessions.TryGet(other, out _));
        Assert.Equal([DashboardSessionEnd.Revoked, DashboardSessionEnd.Revoked], ended);
    }

    [Fact]
    public void Start_BeyondTheLimit_EvictsTheOldest()
    {
        var time = new FakeTimeProvider();
        using var sessions = new DashboardSessions(new DashboardOptions(), time);
        var (oldest, _) = sessions.Start(Carol);
        var ended = new List<DashboardSessionEnd>();
        sessions.Ended += (_, why) => ended.Add(why);
        for (var i = 1; i < DashboardSessions.MaxSessions; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            sessions.Start(Carol);
        }

        time.Advance(TimeSpan.FromMilliseconds(1));
        var (newest, _) = sessions.Start(Carol);

        Assert.Equal(DashboardSessions.MaxSessions, sessions.Count);
        Assert.False(sessions.TryGet(oldest, out _));
        Assert.True(sessions.TryGet(newest, out _));
        Assert.Equal([DashboardSessionEnd.Evicted], ended);
    }

    [Fact]
    public void TryGet_AtTheExpiry_Refused()
    {
        var time = new FakeTimeProvider();
        using var sessions = new DashboardSessions(new DashboardOptions { SessionLifetime = TimeSpan.FromMinutes(30) }, time);
        var (token, session) = sessions.Start(Carol);

        time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1));
        var before = sessions.TryGet(token, out _);
        var left = sessions.TimeLeft(session);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(before);
        Assert.Equal(TimeSpan.FromTicks(1), left);
        Assert.False(sessions.TryGet(token, out _));
        Assert.Equal(TimeSpan.Zero, sessions.TimeLeft(session));
    }
}
