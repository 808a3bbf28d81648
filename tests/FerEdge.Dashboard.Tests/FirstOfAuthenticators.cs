using FerEdge.Core.Security;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// Asks each authenticator in turn and takes the first user found: the broker of these tests checks a page's session
/// token first and a device's or person's password second, as the product's host chains them.
/// </summary>
internal sealed class FirstOfAuthenticators(params IUserAuthenticator[] authenticators) : IUserAuthenticator
{
    public async ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        foreach (var authenticator in authenticators)
        {
            if (await authenticator.AuthenticateAsync(userName, password, cancellationToken) is { } principal)
            {
                return principal;
            }
        }

        return null;
    }
}
