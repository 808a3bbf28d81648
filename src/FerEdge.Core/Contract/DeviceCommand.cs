using System.Text.Json;

namespace FerEdge.Core.Contract;

/// <summary>
/// A command to the device on <c>feredge/{deviceId}/command</c>:
/// <c>{"schema":1,"id":"..","command":"set_person","person":"anna"}</c>. Besides <c>schema</c> (optional; 1 when
/// given), <c>id</c> (a string of 1-128 characters, echoed in the reply) and <c>command</c>, a command carries its own
/// arguments: <c>person</c> (set_person, remove_person), <c>seconds</c> (calibrate_neutral, 1..30, default 3),
/// <c>emotion</c> (correct). A field given twice is refused (so the broker's check of the command's name and the
/// device read the same one). Argument values are checked by whoever runs the command; here only their JSON types.
/// </summary>
/// <param name="Id">The request's id.</param>
/// <param name="Name">The command, e.g. <see cref="SetPerson"/>.</param>
/// <param name="Person">The <c>person</c> argument, or null.</param>
/// <param name="Emotion">The <c>emotion</c> argument, or null.</param>
/// <param name="Seconds">The <c>seconds</c> argument, or null.</param>
public sealed record DeviceCommand(string Id, string Name, string? Person, string? Emotion, double? Seconds)
{
    /// <summary>Names the person in front (loads or creates their profile).</summary>
    public const string SetPerson = "set_person";

    /// <summary>Records the current person's neutral face over some seconds.</summary>
    public const string CalibrateNeutral = "calibrate_neutral";

    /// <summary>Labels the last second of frames with an emotion.</summary>
    public const string Correct = "correct";

    /// <summary>Removes the last correction.</summary>
    public const string Undo = "undo";

    /// <summary>Forgets the current person's corrections and neutral.</summary>
    public const string Reset = "reset";

    /// <summary>Deletes a person's profile.</summary>
    public const string RemovePerson = "remove_person";

    /// <summary>Asks for the current profile.</summary>
    public const string Profile = "profile";

    /// <summary>The largest command payload, bytes.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The longest id.</summary>
    public const int MaxIdLength = 128;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 4, AllowDuplicateProperties = false };

    /// <summary>Every command a device knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [SetPerson, CalibrateNeutral, Correct, Undo, Reset, RemovePerson, Profile];

    /// <summary>
    /// Parses a command. On failure returns false with <paramref name="error"/> naming the problem and
    /// <paramref name="id"/> the request's id when it could be read (null otherwise).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, out DeviceCommand? command, out string? id, out string error)
    {
        command = null;
        id = null;
        if (utf8.Length > MaxBytes)
        {
            error = $"command is {utf8.Length} bytes, at most {MaxBytes}";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException e)
        {
            error = $"command is not valid JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "command is not a JSON object";
                return false;
            }

            if (root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String && idValue.GetString() is { Length: > 0 and <= MaxIdLength } text)
            {
                id = text;
            }

            error = Check(root, id, out var name, out var person, out var emotion, out var seconds);
            if (error.Length > 0)
            {
                return false;
            }

            command = new DeviceCommand(id!, name, person, emotion, seconds);
            return true;
        }
    }

    private static string Check(JsonElement root, string? id, out string name, out string? person, out string? emotion, out double? seconds)
    {
        name = "";
        person = emotion = null;
        seconds = null;
        if (root.TryGetProperty("schema", out var schema) && !(schema.ValueKind == JsonValueKind.Number && schema.TryGetInt32(out var s) && s == MqttPayloads.Schema))
        {
            return $"command schema {schema.GetRawText()} is not supported (this device reads {MqttPayloads.Schema})";
        }

        if (id is null)
        {
            return root.TryGetProperty("id", out _)
                ? $"command 'id' must be a string of 1-{MaxIdLength} characters"
                : "command has no 'id'";
        }

        if (!root.TryGetProperty("command", out var c) || c.ValueKind != JsonValueKind.String)
        {
            return "command has no 'command' string";
        }

        name = c.GetString()!;
        if (!Names.Contains(name))
        {
            return $"unknown command '{name}' (known: {string.Join(", ", Names)})";
        }

        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "schema" or "id" or "command":
                    break;
                case "person" when p.Value.ValueKind == JsonValueKind.String:
                    person = p.Value.GetString();
                    break;
                case "emotion" when p.Value.ValueKind == JsonValueKind.String:
                    emotion = p.Value.GetString();
                    break;
                case "seconds" when p.Value.ValueKind == JsonValueKind.Number:
                    seconds = p.Value.GetDouble();
                    break;
                case "person" or "emotion":
                    return $"'{p.Name}' must be a string";
                case "seconds":
                    return "'seconds' must be a number";
                default:
                    return $"unknown field '{p.Name}' in command '{name}'";
            }
        }

        return "";
    }
}
