using FerEdge.Core.Options;

namespace FerEdge.Pipeline;

/// <summary>How the pipeline paces and bounds its work.</summary>
public sealed record PipelineOptions
{
    /// <summary>
    /// Process a file as fast as possible and lose no frame (each stage waits for the next instead of dropping);
    /// false paces files in real time and lets slow stages drop older frames.
    /// </summary>
    public bool Fast { get; init; }

    /// <summary>Stop after this many frames (0: until the source ends or the run is cancelled).</summary>
    public long MaxFrames { get; init; }

    /// <summary>Reusable frame buffers, 2..64; bounds memory. In real-time mode a frame with no free buffer is dropped.</summary>
    public int FramePoolSize { get; init; } = 3;

    /// <summary>Device id written into every payload.</summary>
    public string DeviceId { get; init; } = "feredge";

    /// <summary>Frames whose per-stage timings are kept for a timeline (profiling); 0 keeps none.</summary>
    public int TimelineCapacity { get; init; }

    /// <summary>Camera read failures are retried with a backoff growing from this delay...</summary>
    public TimeSpan RetryMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>...up to this one.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At most one log line per this interval for source read failures and for sink failures; the lines in between are
    /// counted (and the count said in the next line).
    /// </summary>
    public TimeSpan SourceErrorLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws naming the first invalid value.</summary>
    public void Validate()
    {
        OptionRules.InRange(MaxFrames, 0, long.MaxValue, nameof(MaxFrames));
        OptionRules.InRange(FramePoolSize, 2, 64, nameof(FramePoolSize));
        ArgumentException.ThrowIfNullOrWhiteSpace(DeviceId);
        ArgumentOutOfRangeException.ThrowIfNegative(TimelineCapacity);
        if (RetryMinDelay <= TimeSpan.Zero || RetryMaxDelay < RetryMinDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), "retry delays must be positive with max >= min");
        }
    }
}
