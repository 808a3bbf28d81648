namespace FerEdge.Core.Security;

/// <summary>
/// What a user of the device's broker and dashboard may do. The topic rules of each role are in
/// <see cref="TopicAccess"/>.
/// </summary>
public enum Role
{
    /// <summary>A FerEdge device: publishes its own status, emotion, explanation, metrics and replies; reads its own commands.</summary>
    Device,

    /// <summary>The robot's behaviour engine: reads status, emotion, explanation and replies; sends commands.</summary>
    Robot,

    /// <summary>A caregiver: reads status, emotion, explanation, metrics and replies; sends acknowledgements and corrections.</summary>
    Caregiver,

    /// <summary>An administrator: reads every topic of its devices and sends commands; manages users from the command line.</summary>
    Admin,
}

/// <summary>The wire names of <see cref="Role"/> (<c>device</c>, <c>robot</c>, <c>caregiver</c>, <c>admin</c>).</summary>
public static class Roles
{
    /// <summary>The names, in the order of the enum.</summary>
    public static IReadOnlyList<string> Names { get; } = ["device", "robot", "caregiver", "admin"];

    /// <summary>The wire name of <paramref name="role"/>.</summary>
    public static string Name(Role role) => Names[(int)role];

    /// <summary>Reads a wire name; false for anything else (case matters).</summary>
    public static bool TryParse(string? text, out Role role)
    {
        var index = text is null ? -1 : Names.ToList().IndexOf(text);
        role = index < 0 ? default : (Role)index;
        return index >= 0;
    }
}
