using System.Text.Json.Serialization;

namespace FerEdge.Security;

/// <summary>users.json as stored: <c>{"schema":1,"users":[...]}</c>.</summary>
internal sealed class UsersDocument
{
    /// <summary>The only layout this version reads and writes.</summary>
    public const int CurrentSchema = 1;

    public required int Schema { get; init; }

    public List<UserEntry> Users { get; init; } = [];
}

/// <summary>One user in users.json; <see cref="Password"/> is a <see cref="PasswordHasher"/> hash, never a password.</summary>
internal sealed class UserEntry
{
    public required string Name { get; init; }

    public required string Role { get; init; }

    public List<string> Devices { get; init; } = [];

    public required string Password { get; set; }
}

/// <summary>Serialisation of users.json without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, IndentSize = 2)]
[JsonSerializable(typeof(UsersDocument))]
internal sealed partial class UsersJsonContext : JsonSerializerContext;
