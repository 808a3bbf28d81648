using System.Text.Json.Serialization.Metadata;
using System.Text.Json;

namespace FerEdge.Core.Contract;

/// <summary>
/// The MQTT contract's payload version, and the status payload's UTF-8 JSON through source-generated metadata (no
/// reflection). The contract lives in this folder: topics (<see cref="MqttTopics"/>), the status payload
/// (<see cref="StatusPayload"/>), the per-frame payloads (<see cref="FramePayloads"/>), the metrics payload
/// (<see cref="MetricsPayload"/>); emotion labels are <see cref="Emotions.EmotionLabels"/>'.
/// </summary>
public static class MqttPayloads
{
    /// <summary>The <c>schema</c> field of every payload this code writes.</summary>
    public const int Schema = 1;

    /// <summary>Serialises a status payload to UTF-8 JSON.</summary>
    public static byte[] Serialize(StatusPayload status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return JsonSerializer.SerializeToUtf8Bytes(status, ContractJsonContext.Default.StatusPayload);
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
        JsonSerializer.Deserialize(utf8Json, ContractJsonContext.Default.StatusPayload)
        ?? throw new JsonException("status payload is JSON null");
}
