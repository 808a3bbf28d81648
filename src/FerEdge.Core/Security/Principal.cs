namespace FerEdge.Core.Security;

/// <summary>
/// An authenticated user: its name, role and the device ids it may reach. A <see cref="Role.Device"/> user's name
/// is its device id and it reaches that device only; other roles reach the ids in <see cref="Devices"/>, where
/// <c>*</c> stands for every device.
/// </summary>
public sealed record Principal
{
    /// <summary>Stands for every device in <see cref="Devices"/>.</summary>
    public const string AllDevices = "*";

    /// <summary>Creates a principal; a device's grant is always its own id, whatever <paramref name="devices"/> says.</summary>
    public Principal(string name, Role role, IReadOnlyList<string>? devices = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Role = role;
        Devices = role == Role.Device ? [name] : devices is { Count: > 0 } ? devices : [AllDevices];
    }

    /// <summary>The user name.</summary>
    public string Name { get; }

    /// <summary>The role.</summary>
    public Role Role { get; }

    /// <summary>The device ids this user may reach, or <c>*</c> for all.</summary>
    public IReadOnlyList<string> Devices { get; }

    /// <summary>
    /// The login session this principal came from (a dashboard session's id), or null for a password login; lets the
    /// broker close the connections of a session that has ended.
    /// </summary>
    public string? SessionId { get; init; }

    /// <summary>Whether this user may reach the device <paramref name="deviceId"/>.</summary>
    public bool Reaches(string deviceId) => Devices.Contains(AllDevices) || Devices.Contains(deviceId, StringComparer.Ordinal);
}
