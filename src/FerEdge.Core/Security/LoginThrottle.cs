namespace FerEdge.Core.Security;

/// <summary>
/// Rate-limits failed logins per client address: after <see cref="FreeFailures"/> failures an address is refused
/// without a password check for a lock-out that doubles with each further failure (from <see cref="FirstLockout"/>
/// up to <see cref="MaxLockout"/>). A success clears the address. At most <see cref="MaxAddresses"/> addresses are
/// remembered; the one least recently seen is forgotten first. Safe to use from any thread.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    /// <summary>Failures an address may have before it is locked out.</summary>
    public const int FreeFailures = 5;

    /// <summary>Addresses remembered at most.</summary>
    public const int MaxAddresses = 10_000;

    /// <summary>The first lock-out.</summary>
    public static readonly TimeSpan FirstLockout = TimeSpan.FromSeconds(1);

    /// <summary>The longest lock-out.</summary>
    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a throttle on the system clock.</summary>
    public LoginThrottle()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Whether a login from <paramref name="address"/> may be checked now; false while it is locked out.</summary>
    public bool IsAllowed(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            return !_entries.TryGetValue(address, out var e) || e.LockedUntil <= time.GetUtcNow();
        }
    }

    /// <summary>How long <paramref name="address"/> stays locked out from now; zero when it may log in.</summary>
    public TimeSpan LockedFor(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            var left = _entries.TryGetValue(address, out var e) ? e.LockedUntil - time.GetUtcNow() : TimeSpan.Zero;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Counts a failed login from <paramref name="address"/>; returns the lock-out now in force (zero for none).</summary>
    public TimeSpan Failed(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var e))
            {
                if (_entries.Count >= MaxAddresses)
                {
                    var oldest = _entries.MinBy(p => p.Value.LastSeen).Key;
                    _entries.Remove(oldest);
                }

                e = new Entry();
                _entries[address] = e;
            }

            e.Failures++;
            e.LastSeen = now;
            if (e.Failures <= FreeFailures)
            {
                return TimeSpan.Zero;
            }

            var doublings = Math.Min(e.Failures - FreeFailures - 1, 20);
            var lockout = TimeSpan.FromTicks(Math.Min(FirstLockout.Ticks << doublings, MaxLockout.Ticks));
            e.LockedUntil = now + lockout;
            return lockout;
        }
    }

    /// <summary>Clears <paramref name="address"/> after a successful login.</summary>
    public void Succeeded(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            _entries.Remove(address);
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
