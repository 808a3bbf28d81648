namespace FerEdge.Core.Contract;

/// <summary>
/// The payload of the retained <c>status</c> topic. Serialised with <see cref="ContractJsonContext"/> into snake_case
/// JSON: <c>{"schema":1,"state":"online","version":..,"models":[..],"started_at":"2026-..Z","ports":{..},"device":..}</c>.
/// </summary>
/// <param name="Schema">Payload schema version; <see cref="MqttPayloads.Schema"/> for payloads written by this code.</param>
/// <param name="State"><see cref="Online"/> or <see cref="Offline"/>.</param>
/// <param name="Version">The application's version.</param>
/// <param name="Models">Ids of the loaded models.</param>
/// <param name="StartedAt">When the application started (ISO-8601 on the wire).</param>
/// <param name="Ports">The ports the device serves.</param>
/// <param name="Device">The device id (the second topic level).</param>
/// <param name="Reason">Why the state is <see cref="Degraded"/> (for example "camera lost"); absent otherwise.</param>
/// <param name="DisplayName">What people call the device (its room, say), for a caregiver's overview; absent when not configured.</param>
/// <param name="Person">The person in front whose profile applies; absent for the session profile.</param>
public sealed record StatusPayload(
    int Schema,
    string State,
    string Version,
    IReadOnlyList<string> Models,
    DateTimeOffset StartedAt,
    StatusPorts Ports,
    string Device,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Reason = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? DisplayName = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Person = null)
{
    /// <summary>The state while the device publishes.</summary>
    public const string Online = "online";

    /// <summary>
    /// The state while the device runs but cannot do all of its job: no frames (camera lost), or an output failing.
    /// <see cref="Reason"/> says which.
    /// </summary>
    public const string Degraded = "degraded";

    /// <summary>The state after a clean shutdown, and the Last Will the broker publishes when the device dies.</summary>
    public const string Offline = "offline";

    /// <summary>An online status of the current schema.</summary>
    public static StatusPayload CreateOnline(
        string device, string version, IReadOnlyList<string> models, DateTimeOffset startedAt, StatusPorts ports, string? displayName = null) =>
        new(MqttPayloads.Schema, Online, version, models, startedAt, ports, device, DisplayName: displayName);
}
