namespace FerEdge.Core.Security;

/// <summary>Checks a user name and password (or a dashboard session token standing in for one).</summary>
public interface IUserAuthenticator
{
    /// <summary>The user when <paramref name="password"/> is right for <paramref name="userName"/>; null otherwise.</summary>
    /// <remarks>Never logs or keeps the password. May take tens of milliseconds (a key derivation).</remarks>
    ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken);
}
