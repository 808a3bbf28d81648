using FerEdge.Core.Security;

namespace FerEdge.Testing;

/// <summary>
/// Users held in memory for tests of the broker and the dashboard alone (the product's own user store is tested on
/// its own): name, password, role and device grants. Counts every check, so a test can show a check was skipped.
/// </summary>
public sealed class TestUsers : IUserAuthenticator
{
    private readonly Dictionary<string, (string Password, Principal User)> _users = new(StringComparer.Ordinal);
    private int _checks;

    /// <summary>Password checks so far.</summary>
    public int Checks => Volatile.Read(ref _checks);

    /// <summary>Adds a user and returns this, for chaining.</summary>
    public TestUsers With(string name, Role role, string password, params string[] devices)
    {
        _users[name] = (password, new Principal(name, role, devices));
        return this;
    }

    /// <inheritdoc />
    public ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        return ValueTask.FromResult(
            _users.TryGetValue(userName, out var entry) && entry.Password == password ? entry.User : null);
    }
}
