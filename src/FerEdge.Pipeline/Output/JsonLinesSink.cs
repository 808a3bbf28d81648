using FerEdge.Pipeline.Emotions;

namespace FerEdge.Pipeline.Output;

/// <summary>Writes one emotion payload per processed frame as a line of a JSON-lines file.</summary>
/// <remarks>Not thread-safe: called from the publish scheduler only.</remarks>
public sealed class JsonLinesSink : IOutcomeSink
{
    private readonly FileStream _stream;

    /// <summary>Creates (or truncates) <paramref name="path"/>; its folder must exist.</summary>
    public JsonLinesSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"Folder of the JSON-lines output does not exist: {dir}");
        }

        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    /// <inheritdoc />
    public void Publish(FrameOutcome outcome, ReadOnlyMemory<byte> emotionJson, ReadOnlyMemory<byte> explanationJson)
    {
        _stream.Write(emotionJson.Span);
        _stream.WriteByte((byte)'\n');
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _stream.DisposeAsync().ConfigureAwait(false);
}
