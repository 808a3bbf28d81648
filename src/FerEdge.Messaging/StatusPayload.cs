namespace FerEdge.Messaging;

/// <summary>
/// The payload of the retained <c>status</c> topic. Serialised with <see cref="MessagingJsonContext"/> into snake_case
/// JSON: <c>{"schema":1,"state":"online","version":..,"models":[..],"started_at":"2026-..Z","ports":{..},"device":..}</c>.
/// </summary>
/// <param name="Schema">Payload schema version; <see cref="CurrentSchema"/> for payloads written by this code.</param>
/// <param name="State"><see cref="Online"/> or <see cref="Offline"/>.</param>
/// <param name="Version">The application's version.</param>
/// <param name="Models">Ids of the loaded models.</param>
/// <param name="StartedAt">When the application started (ISO-8601 on the wire).</param>
/// <param name="Ports">The ports the device serves.</param>
/// <param name="Device">The device id (the second topic level).</param>
public sealed record StatusPayload(
    int Schema,
    string State,
    string Version,
    IReadOnlyList<string> Models,
    DateTimeOffset StartedAt,
    StatusPorts Ports,
    string Device)
{
    /// <summary>The schema version of status payloads written by this code.</summary>
    public const int CurrentSchema = 1;

    /// <summary>The state while the device publishes.</summary>
    public const string Online = "online";

    /// <summary>The state after a clean shutdown, and the Last Will the broker publishes when the device dies.</summary>
    public const string Offline = "offline";

    /// <summary>An online status of the current schema.</summary>
    public static StatusPayload CreateOnline(
        string device, string version, IReadOnlyList<string> models, DateTimeOffset startedAt, StatusPorts ports) =>
        new(CurrentSchema, Online, version, models, startedAt, ports, device);
}
