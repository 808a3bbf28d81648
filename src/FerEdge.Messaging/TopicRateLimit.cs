using FerEdge.Core.Options;

namespace FerEdge.Messaging;

/// <summary>
/// A token-bucket limit for one topic: on average at most <see cref="PerSecond"/> messages a second, with bursts of
/// up to <see cref="Burst"/> messages after a quiet spell. Messages over the limit are dropped and counted.
/// </summary>
/// <param name="PerSecond">Sustained rate in messages per second, in (0, 1000].</param>
/// <param name="Burst">Bucket capacity in messages; at least 1.</param>
public readonly record struct TopicRateLimit(double PerSecond, int Burst)
{
    /// <summary>A limit of <paramref name="perSecond"/> with a burst of one second's worth (at least 1).</summary>
    public static TopicRateLimit PerSecondWithOneSecondBurst(double perSecond) =>
        new(perSecond, Math.Max(1, (int)Math.Ceiling(perSecond)));

    /// <summary>Throws when the limit cannot be used.</summary>
    /// <exception cref="ArgumentException">The rate is not positive and finite, or the burst is below 1.</exception>
    public void Validate(string topicSuffix)
    {
        // The options' property name, so a configured rate that fails is named by its key.
        OptionRules.That(
            PerSecond is > 0 and <= 1000,
            nameof(MqttPublisherOptions.RateLimits),
            PerSecond,
            $"must be in (0, 1000] messages per second (topic '{topicSuffix}')");

        if (Burst < 1)
        {
            throw new ArgumentException($"burst of topic '{topicSuffix}' must be at least 1, not {Burst}");
        }
    }
}
