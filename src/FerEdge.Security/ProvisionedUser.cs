using FerEdge.Core.Security;

namespace FerEdge.Security;

/// <summary>A user <see cref="DeviceCredentials.Ensure"/> created or gave a new password, and the 0600 file holding it.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Role">Its role.</param>
/// <param name="PasswordFile">The full path of the file with its password (readable by this account only).</param>
public readonly record struct ProvisionedUser(string Name, Role Role, string PasswordFile);
