using System.Buffers;
using System.Text.Json;

namespace FerEdge.Core.Contract;

/// <summary>
/// The device's answer to a <see cref="DeviceCommand"/> on <c>feredge/{deviceId}/reply</c>:
/// <c>{"schema":1,"id":"..","command":"correct","ok":true,"error":null,"person":"anna","corrections":3,"calibrated":true}</c>.
/// <c>id</c> is the request's (null when it could not be read); <c>error</c> names the problem when <c>ok</c> is false.
/// <c>person</c> (null for the session profile), <c>corrections</c> and <c>calibrated</c> describe the current profile
/// after the command; <c>frames</c> says how many frames a <c>correct</c> or <c>calibrate_neutral</c> used.
/// </summary>
/// <param name="Id">The request's id, or null.</param>
/// <param name="Command">The command's name, or null when it could not be read.</param>
/// <param name="Error">Null when the command succeeded; otherwise what went wrong.</param>
public sealed record CommandReply(string? Id, string? Command, string? Error)
{
    /// <summary>The current person after the command (null: the session profile).</summary>
    public string? Person { get; init; }

    /// <summary>Corrections in the current profile after the command.</summary>
    public int? Corrections { get; init; }

    /// <summary>Whether the current profile has a calibrated neutral.</summary>
    public bool? Calibrated { get; init; }

    /// <summary>Frames the command used (correct, calibrate_neutral).</summary>
    public int? Frames { get; init; }

    /// <summary>Whether the command succeeded.</summary>
    public bool Ok => Error is null;

    /// <summary>The reply as UTF-8 JSON.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", MqttPayloads.Schema);
            WriteNullable(w, "id", Id);
            WriteNullable(w, "command", Command);
            w.WriteBoolean("ok", Ok);
            WriteNullable(w, "error", Error);
            if (Corrections is { } corrections)
            {
                WriteNullable(w, "person", Person);
                w.WriteNumber("corrections", corrections);
                w.WriteBoolean("calibrated", Calibrated ?? false);
            }

            if (Frames is { } frames)
            {
                w.WriteNumber("frames", frames);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
