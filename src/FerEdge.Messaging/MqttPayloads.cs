using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FerEdge.Messaging;

/// <summary>UTF-8 JSON serialisation of MQTT payloads through source-generated metadata (no reflection).</summary>
public static class MqttPayloads
{
    /// <summary>Serialises a status payload to UTF-8 JSON.</summary>
    public static byte[] Serialize(StatusPayload status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return JsonSerializer.SerializeToUtf8Bytes(status, MessagingJsonContext.Default.StatusPayload);
    }

    /// <summary>Serialises any payload described by source-generated <paramref name="typeInfo"/> to UTF-8 JSON.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    /// <summary>Parses a status payload.</summary>
    /// <exception cref="JsonException">The bytes are not a status payload.</exception>
    public static StatusPayload DeserializeStatus(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, MessagingJsonContext.Default.StatusPayload)
        ?? throw new JsonException("status payload is JSON null");
}
