namespace FerEdge.Core.Security;

/// <summary>
/// Asks several authenticators in turn and takes the first user one of them knows: the dashboard's live session
/// tokens first (a cheap lookup), then the user store's passwords (a key derivation).
/// </summary>
public sealed class AuthenticatorChain(params IUserAuthenticator[] authenticators) : IUserAuthenticator
{
    private readonly IUserAuthenticator[] _authenticators = authenticators ?? throw new ArgumentNullException(nameof(authenticators));

    /// <inheritdoc />
    public async ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        foreach (var authenticator in _authenticators)
        {
            if (await authenticator.AuthenticateAsync(userName, password, cancellationToken).ConfigureAwait(false) is { } user)
            {
                return user;
            }
        }

        return null;
    }
}
