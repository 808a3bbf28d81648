using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FerEdge.Core.Security;

namespace FerEdge.Dashboard;

/// <summary>
/// The dashboard's login sessions, in memory: a login gets a random token (32 bytes from
/// <see cref="RandomNumberGenerator"/>, base64url) that the page keeps in an HttpOnly cookie and uses as its MQTT
/// password. Sessions are stored by the SHA-256 of the token, so a lookup compares hashes, not secrets, and nothing
/// held here lets anyone log in. A session lasts <see cref="DashboardOptions.SessionLifetime"/> from its login,
/// however much it is used; <see cref="End"/> ends it earlier. At most <see cref="MaxSessions"/> live at once; a
/// new login beyond that ends the oldest. Sessions do not survive a restart of the process.
/// <para>
/// As an <see cref="IUserAuthenticator"/> it accepts a user name with that user's live session token as the
/// password, so the broker lets the page in with the token; it accepts no real password.
/// </para>
/// <para>
/// Safe to use from any thread. Expired sessions are removed when next looked up and by a sweep on
/// <see cref="TimeProvider"/>'s timer every minute, which raises
/// <see cref="Ended"/> for them. Dispose to stop the sweep.
/// </para>
/// </summary>
public sealed class DashboardSessions : IUserAuthenticator, IDisposable
{
    /// <summary>Sessions alive at once at most.</summary>
    public const int MaxSessions = 1_000;

    /// <summary>Random bytes in a token.</summary>
    public const int TokenBytes = 32;

    // Base64url without padding of 32 bytes.
    private const int TokenLength = 43;

    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DashboardSession> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    /// <summary>Creates an empty session table.</summary>
    /// <param name="options">Its <see cref="DashboardOptions.SessionLifetime"/> is the lifetime; validated here.</param>
    /// <param name="time">The clock and the sweep's timer; the system's when null.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DashboardSessions(DashboardOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Lifetime = options.SessionLifetime;
        _time = time ?? TimeProvider.System;
        _sweep = _time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    /// <summary>
    /// Raised after a session ended, with the session and why. Runs on the thread that ended it (a request, or the
    /// sweep's timer), outside the table's lock; a handler must be quick and must not throw. A host uses it to
    /// disconnect the page's MQTT client that logged in with that session.
    /// </summary>
    public event Action<DashboardSession, DashboardSessionEnd>? Ended;

    /// <summary>How long a session lasts from its login.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Sessions alive now (expired ones not yet swept included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>The id of the session a token would have: the SHA-256 of its UTF-8 bytes in lower-case hex.</summary>
    public static string IdOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Starts a session for <paramref name="principal"/>; returns its token (a secret: never log it) and the session.</summary>
    public (string Token, DashboardSession Session) Start(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = _time.GetUtcNow();
        var session = new DashboardSession(IdOf(token), principal, now, now + Lifetime);
        DashboardSession? evicted = null;
        lock (_gate)
        {
            if (_byId.Count >= MaxSessions)
            {
                evicted = _byId.Values.MinBy(s => s.Started);
                _byId.Remove(evicted!.Id);
            }

            _byId.Add(session.Id, session);
        }

        if (evicted is not null)
        {
            Ended?.Invoke(evicted, DashboardSessionEnd.Evicted);
        }

        return (token, session);
    }

    /// <summary>Finds the live session of <paramref name="token"/>; false for an unknown, ended or expired token.</summary>
    public bool TryGet(string? token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DashboardSession? session)
    {
        session = null;
        if (token is not { Length: TokenLength })
        {
            return false;
        }

        var id = IdOf(token);
        var now = _time.GetUtcNow();
        DashboardSession? expired = null;
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var found))
            {
                return false;
            }

            if (found.Expires > now)
            {
                session = found;
                return true;
            }

            _byId.Remove(id);
            expired = found;
        }

        Ended?.Invoke(expired, DashboardSessionEnd.Expired);
        return false;
    }

    /// <summary>Ends the session of <paramref name="token"/> (a logout); false when there was no live one.</summary>
    public bool End(string? token)
    {
        if (!TryGet(token, out var session))
        {
            return false;
        }

        lock (_gate)
        {
            if (!_byId.Remove(session.Id))
            {
                return false;
            }
        }

        Ended?.Invoke(session, DashboardSessionEnd.LoggedOut);
        return true;
    }

    /// <summary>
    /// Ends every session of <paramref name="userName"/>, for a host whose user store changed that user's password or
    /// removed it; returns how many ended.
    /// </summary>
    public int EndAll(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        List<DashboardSession> ended = [];
        lock (_gate)
        {
            foreach (var session in _byId.Values)
            {
                if (string.Equals(session.Principal.Name, userName, StringComparison.Ordinal))
                {
                    ended.Add(session);
                }
            }

            foreach (var session in ended)
            {
                _byId.Remove(session.Id);
            }
        }

        foreach (var session in ended)
        {
            Ended?.Invoke(session, DashboardSessionEnd.Revoked);
        }

        return ended.Count;
    }

    /// <summary>
    /// The user of a live session when <paramref name="password"/> is its token and <paramref name="userName"/> its
    /// user's name; null otherwise. Never checks a real password. Completes synchronously.
    /// </summary>
    public ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var principal = TryGet(password, out var session) && string.Equals(session.Principal.Name, userName, StringComparison.Ordinal)
            ? session.Principal with { SessionId = session.Id }
            : null;
        return ValueTask.FromResult(principal);
    }

    /// <summary>How long <paramref name="session"/> has left from now; zero once it has expired.</summary>
    public TimeSpan TimeLeft(DashboardSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var left = session.Expires - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Removes every expired session now, raising <see cref="Ended"/> for each.</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        List<DashboardSession>? expired = null;
        lock (_gate)
        {
            foreach (var session in _byId.Values)
            {
                if (session.Expires <= now)
                {
                    (expired ??= []).Add(session);
                }
            }

            if (expired is null)
            {
                return;
            }

            foreach (var session in expired)
            {
                _byId.Remove(session.Id);
            }
        }

        foreach (var session in expired)
        {
            Ended?.Invoke(session, DashboardSessionEnd.Expired);
        }
    }

    /// <summary>Stops the sweep. Sessions stay readable; expired ones are still refused.</summary>
    public void Dispose() => _sweep.Dispose();
}
