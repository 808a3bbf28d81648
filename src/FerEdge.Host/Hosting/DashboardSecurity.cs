using System.Net;
using FerEdge.Core.Security;
using FerEdge.Dashboard;
using FerEdge.Security;

namespace FerEdge.Host.Hosting;

/// <summary>
/// What <c>fer-edge dashboard</c> secures its page with, from the state directory: the users (added with
/// <c>fer-edge user add</c>) the login checks, the TLS certificate (the device CA's, created on first use, or an
/// operator's own), the login sessions and a failed-login throttle. Unlike <see cref="DeviceSecurity"/> it creates no
/// user: the box runs no device, and its caregivers are added by name.
/// </summary>
public sealed class DashboardSecurity : IDisposable
{
    private DashboardSecurity(string stateDirectory, UserStore users, DeviceCertificates certificates, DashboardSessions sessions)
    {
        StateDirectory = stateDirectory;
        Users = users;
        Certificates = certificates;
        Sessions = sessions;
        Access = new DashboardAccess(users, sessions, new LoginThrottle());
    }

    /// <summary>The state directory in use.</summary>
    public string StateDirectory { get; }

    /// <summary>The users and their password hashes.</summary>
    public UserStore Users { get; }

    /// <summary>The certificate the page is served with.</summary>
    public DeviceCertificates Certificates { get; }

    /// <summary>The live logins.</summary>
    public DashboardSessions Sessions { get; }

    /// <summary>What the login checks and keeps.</summary>
    public DashboardAccess Access { get; }

    /// <summary>Whether any user may log in to the overview (a caregiver or admin granted every device).</summary>
    public bool HasOverviewUser => Users.List().Any(u => u.Role is Role.Caregiver or Role.Admin && u.Devices.Contains(Principal.AllDevices));

    /// <summary>Opens the state directory's users and certificate (creating the CA and certificate when missing).</summary>
    /// <exception cref="InvalidDataException">A state file is corrupt (the message names it).</exception>
    /// <exception cref="UnauthorizedAccessException">A secret file is readable by other accounts.</exception>
    public static DashboardSecurity Open(SecurityOptions options, DashboardOptions dashboard, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = StateDirectories.Resolve(options.StateDirectory);
        using var first = StateDirectories.Lock(state);
        var certificates = options.CertificateFile is { } certificateFile
            ? DeviceCertificates.LoadConfigured(certificateFile, options.KeyFile!)
            : DeviceCertificates.Ensure(state, Dns.GetHostName(), DeviceCertificates.MachineAddresses(), time);
        return new DashboardSecurity(state, new UserStore(state), certificates, new DashboardSessions(dashboard, time));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Sessions.Dispose();
        Certificates.Dispose();
    }
}
