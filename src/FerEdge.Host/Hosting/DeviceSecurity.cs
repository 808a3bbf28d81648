using System.Net;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Security;
using FerEdge.Dashboard;
using FerEdge.Security;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Hosting;

/// <summary>
/// What <c>fer-edge run</c> secures its listeners with, from the state directory: the user store, the device's own
/// credentials and an admin (created on first run, their passwords in 0600 files whose paths are logged, never the
/// passwords), the TLS certificate (the device CA's, or an operator's own), the dashboard's login sessions, and one
/// failed-login throttle shared by the broker and the dashboard.
/// </summary>
public sealed class DeviceSecurity : IDisposable
{
    private DeviceSecurity(string stateDirectory, string deviceId, UserStore users, DeviceCertificates certificates, string devicePassword, DashboardSessions sessions)
    {
        StateDirectory = stateDirectory;
        Users = users;
        Certificates = certificates;
        DevicePassword = devicePassword;
        Sessions = sessions;
        Authenticator = new AuthenticatorChain(new OwnDeviceLogin(deviceId, devicePassword), sessions, users);
        DashboardAccess = new DashboardAccess(users, sessions, Throttle);
    }

    /// <summary>The state directory in use.</summary>
    public string StateDirectory { get; }

    /// <summary>The users and their password hashes.</summary>
    public UserStore Users { get; }

    /// <summary>The TLS certificate every listener presents, and the device CA when it is generated.</summary>
    public DeviceCertificates Certificates { get; }

    /// <summary>The device user's password, with which its publisher logs in to its own broker.</summary>
    public string DevicePassword { get; }

    /// <summary>The dashboard's live logins.</summary>
    public DashboardSessions Sessions { get; }

    /// <summary>Failed logins per address, for the broker and the dashboard together.</summary>
    public LoginThrottle Throttle { get; } = new();

    /// <summary>What the broker checks: a page's session token first, then a password.</summary>
    public IUserAuthenticator Authenticator { get; }

    /// <summary>What the dashboard's login checks (passwords only) and keeps.</summary>
    public DashboardAccess DashboardAccess { get; }

    /// <summary>
    /// Opens (on first run: creates) the state directory's users, credentials and certificates for the device
    /// <paramref name="deviceId"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A state file is corrupt (the message names it).</exception>
    /// <exception cref="UnauthorizedAccessException">A secret file is readable by other accounts.</exception>
    public static DeviceSecurity Open(SecurityOptions options, DashboardOptions dashboard, string deviceId, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = StateDirectories.Resolve(options.StateDirectory);
        var users = new UserStore(state);

        // Two processes starting on a fresh state directory must not both create the users or the CA.
        using var first = StateDirectories.Lock(state);
        foreach (var created in DeviceCredentials.Ensure(users, state, deviceId))
        {
            HostLog.UserCreated(logger, created.Name, Roles.Name(created.Role), created.PasswordFile);
        }

        var certificates = options.CertificateFile is { } certificateFile
            ? DeviceCertificates.LoadConfigured(certificateFile, options.KeyFile!)
            : DeviceCertificates.Ensure(state, Dns.GetHostName(), DeviceCertificates.MachineAddresses(), time);
        if (certificates.CreatedAuthority)
        {
            HostLog.AuthorityCreated(logger, Path.Combine(state, DeviceCertificates.AuthorityCertificateFile));
        }

        return new DeviceSecurity(state, deviceId, users, certificates, DeviceCredentials.ReadDevicePassword(state), new DashboardSessions(dashboard, time));
    }

    /// <summary>The CA the device's own publisher trusts for its broker: the device CA, or none (the system's roots) with an operator's certificate.</summary>
    public X509Certificate2? BrokerAuthority => Certificates.Authority;

    /// <inheritdoc />
    public void Dispose()
    {
        Sessions.Dispose();
        Certificates.Dispose();
    }
}

/// <summary>
/// The device's own publisher logging in to its own broker: its password is in memory already (read from
/// <c>device.password</c>), so it is compared in constant time instead of through a key derivation, and a reconnect
/// under load does not wait for one. Anyone else falls through to the next authenticator.
/// </summary>
internal sealed class OwnDeviceLogin(string deviceId, string password) : IUserAuthenticator
{
    private readonly byte[] _password = System.Text.Encoding.UTF8.GetBytes(password);
    private readonly Principal _device = new(deviceId, Role.Device);

    public ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            userName == _device.Name && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(password), _password)
                ? _device
                : null);
}
