using FerEdge.Core.Contract;
using FerEdge.Messaging;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Output;

namespace FerEdge.Host.Hosting;

/// <summary>
/// Publishes each frame's emotion payload (and explanation, when one is due) through an <see cref="MqttPublisher"/>,
/// whose bounded outbox and rate limits keep a slow or dead broker from stalling the pipeline.
/// </summary>
/// <remarks>Does not own the publisher. Called from the publish scheduler only.</remarks>
public sealed class MqttOutcomeSink(MqttPublisher publisher) : IOutcomeSink
{
    /// <inheritdoc />
    public void Publish(FrameOutcome outcome, ReadOnlyMemory<byte> emotionJson, ReadOnlyMemory<byte> explanationJson)
    {
        // The publisher keeps payloads until sent; the pipeline reuses its buffers, so copy.
        publisher.Enqueue(MqttTopics.Emotion, emotionJson.ToArray());
        if (!explanationJson.IsEmpty)
        {
            publisher.Enqueue(MqttTopics.Explanation, explanationJson.ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
