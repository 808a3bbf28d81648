namespace FerEdge.Core.Security;

/// <summary>
/// The broker's access rules, per role, per topic and per device id. Only topics under <c>feredge/{deviceId}/</c>
/// exist for FerEdge's users; anything else is refused to everyone.
/// <list type="table">
/// <item><term>device</term><description>publishes its own status, emotion, explanation, metrics and reply; reads its own command</description></item>
/// <item><term>robot</term><description>reads status, emotion, explanation and reply of its devices; publishes their command</description></item>
/// <item><term>caregiver</term><description>reads status, emotion, explanation, metrics and reply of its devices; publishes their command</description></item>
/// <item><term>admin</term><description>reads every topic of its devices; publishes their command</description></item>
/// </list>
/// No role but <c>device</c> publishes status, emotion, explanation or metrics, and a device reaches only its own id.
/// Commands are checked by name as well (<see cref="CanCommand"/>): a robot may not send the commands that destroy a
/// person's profile (<c>reset</c>, <c>remove_person</c>); a caregiver and an admin may.
/// </summary>
public static class TopicAccess
{
    /// <summary>The topic suffix devices read their commands from.</summary>
    public const string Command = "command";

    /// <summary>The topic suffix devices answer commands on.</summary>
    public const string Reply = "reply";

    private static readonly string[] DeviceWrites = ["status", "emotion", "explanation", "metrics", Reply];
    private static readonly string[] RobotReads = ["status", "emotion", "explanation", Reply];
    private static readonly string[] CaregiverReads = ["status", "emotion", "explanation", "metrics", Reply];

    /// <summary>Whether <paramref name="user"/> may publish to the topic name <paramref name="topic"/>.</summary>
    public static bool CanPublish(Principal user, string topic)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!TrySplit(topic, out var device, out var suffix) || !user.Reaches(device))
        {
            return false;
        }

        return user.Role == Role.Device ? DeviceWrites.Contains(suffix) : suffix == Command;
    }

    /// <summary>Whether <paramref name="user"/> may receive a message published to the topic name <paramref name="topic"/>.</summary>
    public static bool CanRead(Principal user, string topic)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!TrySplit(topic, out var device, out var suffix) || !user.Reaches(device))
        {
            return false;
        }

        return user.Role switch
        {
            Role.Device => suffix == Command,
            Role.Robot => RobotReads.Contains(suffix),
            Role.Caregiver => CaregiverReads.Contains(suffix),
            _ => true,
        };
    }

    /// <summary>
    /// Whether the subscription filter <paramref name="filter"/> can match some topic <paramref name="user"/> may
    /// read. A filter that can is accepted; what it matches is still checked message by message with
    /// <see cref="CanRead"/>, so <c>feredge/#</c> brings a caregiver only what a caregiver may read.
    /// </summary>
    public static bool MayMatchReadable(Principal user, string filter)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(filter))
        {
            return false;
        }

        var levels = filter.Split('/');
        if (levels[0] is not (Contract.MqttTopics.Prefix or "+" or "#"))
        {
            return false;
        }

        if (levels[0] == "#" || levels.Length < 2 || levels[1] == "#")
        {
            return true;
        }

        if (levels[1] != "+" && !user.Reaches(levels[1]))
        {
            return false;
        }

        if (levels.Length < 3 || levels[2] is "+" or "#")
        {
            return true;
        }

        if (levels.Length > 3 && levels[3] != "#")
        {
            return false;
        }

        var device = levels[1] == "+" ? user.Devices[0] == Principal.AllDevices ? "any" : user.Devices[0] : levels[1];
        return CanRead(user, $"{Contract.MqttTopics.Prefix}/{device}/{levels[2]}");
    }

    /// <summary>The commands a robot may not send: they destroy what caregivers taught the device.</summary>
    public static IReadOnlyList<string> CaregiverCommands { get; } = [Contract.DeviceCommand.Reset, Contract.DeviceCommand.RemovePerson];

    /// <summary>
    /// Whether <paramref name="user"/> may send the command named <paramref name="command"/> (null when the payload
    /// names none: the device answers that with an error). Checked after <see cref="CanPublish"/> allowed the topic.
    /// </summary>
    public static bool CanCommand(Principal user, string? command)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role != Role.Robot || command is null || !CaregiverCommands.Contains(command);
    }

    /// <summary>Whether <paramref name="topic"/> is a device's command topic.</summary>
    public static bool IsCommandTopic(string topic) => TrySplit(topic, out _, out var suffix) && suffix == Command;

    private static bool TrySplit(string topic, out string device, out string suffix)
    {
        device = suffix = "";
        if (string.IsNullOrEmpty(topic))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 3 || parts[0] != Contract.MqttTopics.Prefix || parts[1].Length == 0)
        {
            return false;
        }

        device = parts[1];
        suffix = parts[2];
        return true;
    }
}
