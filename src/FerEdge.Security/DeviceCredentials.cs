using System.Security.Cryptography;
using FerEdge.Core.Security;

namespace FerEdge.Security;

/// <summary>
/// First-run provisioning of the users a device cannot start without: its own <see cref="Role.Device"/> user,
/// whose password the running publisher reads from <c>device.password</c> to connect to its own broker, and an
/// <c>admin</c> when no administrator exists, whose password is left in <c>admin.password</c> for the operator.
/// Passwords are 32 random bytes in base64url, written to 0600 files and never printed.
/// </summary>
public static class DeviceCredentials
{
    /// <summary>The device user's password in the state folder.</summary>
    public const string DevicePasswordFile = "device.password";

    /// <summary>The first administrator's password in the state folder.</summary>
    public const string AdminPasswordFile = "admin.password";

    /// <summary>The name of the administrator created when there is none.</summary>
    public const string AdminName = "admin";

    /// <summary>
    /// Creates (or gives a new password to) the device user <paramref name="deviceId"/> when it is missing or
    /// <c>device.password</c> is; creates <c>admin</c> when no user has the admin role. Returns what was created,
    /// empty when nothing was.
    /// </summary>
    /// <exception cref="InvalidOperationException">A user named <paramref name="deviceId"/> (or <c>admin</c>, when one must be created) exists with another role.</exception>
    public static IReadOnlyList<ProvisionedUser> Ensure(UserStore users, string stateDirectory, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        UserStore.ValidateName(deviceId, Role.Device);
        var created = new List<ProvisionedUser>();
        var existing = users.List();
        var devicePath = Path.Combine(stateDirectory, DevicePasswordFile);
        var device = existing.FirstOrDefault(u => u.Name == deviceId);
        if (device is not null && device.Role != Role.Device)
        {
            throw new InvalidOperationException(
                $"user '{deviceId}' has role {Roles.Name(device.Role)}, but the device's own user must have role device; rename that user or set DeviceId");
        }

        if (device is null || !File.Exists(devicePath))
        {
            created.Add(Provision(users, deviceId, Role.Device, devicePath));
        }

        if (!existing.Any(u => u.Role == Role.Admin))
        {
            var taken = existing.FirstOrDefault(u => u.Name == AdminName);
            if (taken is not null)
            {
                throw new InvalidOperationException(
                    $"no user has role admin and the name '{AdminName}' is taken by a {Roles.Name(taken.Role)}; add an admin with fer-edge user add");
            }

            created.Add(Provision(users, AdminName, Role.Admin, Path.Combine(stateDirectory, AdminPasswordFile)));
        }

        return created;
    }

    /// <summary>The device user's password from <c>device.password</c> (first line).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (run <see cref="Ensure"/> first).</exception>
    /// <exception cref="UnauthorizedAccessException">Other users can read the file.</exception>
    public static string ReadDevicePassword(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        var text = SecureFile.ReadSecretText(Path.Combine(stateDirectory, DevicePasswordFile));
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>A new random password: 32 bytes from the system's cryptographic generator, base64url without padding.</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ProvisionedUser Provision(UserStore users, string name, Role role, string passwordPath)
    {
        var password = NewPassword();

        // The user first: a crash before the file is written leaves the file missing, so the next start resets it.
        users.Put(name, role, password, role == Role.Device ? [name] : [Principal.AllDevices]);
        SecureFile.WriteAllText(passwordPath, password + "\n");
        return new ProvisionedUser(name, role, passwordPath);
    }
}
