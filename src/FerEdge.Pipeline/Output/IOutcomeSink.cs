using FerEdge.Pipeline.Emotions;

namespace FerEdge.Pipeline.Output;

/// <summary>
/// Receives every processed frame on the publish scheduler, with its serialised payloads. The payload memory is
/// valid only during the call: a sink that keeps it must copy it.
/// </summary>
public interface IOutcomeSink : IAsyncDisposable
{
    /// <summary>Publishes one frame's outcome.</summary>
    void Publish(FrameOutcome outcome, ReadOnlyMemory<byte> emotionJson, ReadOnlyMemory<byte> explanationJson);
}
