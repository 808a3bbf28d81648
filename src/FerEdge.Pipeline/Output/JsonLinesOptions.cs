using FerEdge.Core.Options;

namespace FerEdge.Pipeline.Output;

/// <summary>Settings of a <see cref="JsonLinesSink"/>.</summary>
public sealed record JsonLinesOptions
{
    /// <summary>The file; its folder must exist.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// Lines are handed to the operating system at least this often (and only whole lines), so a killed process loses
    /// at most this much and never leaves half a line. 0.01 to 1 s; 1 s by default.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Append to an existing file (true, the default) or start it empty (false).</summary>
    public bool Append { get; init; } = true;

    /// <summary>
    /// Rotate when the file would grow past this many bytes: <c>PATH</c> becomes <c>PATH.1</c>, <c>PATH.1</c>
    /// becomes <c>PATH.2</c> and so on up to <see cref="Keep"/>; 0 (the default) never rotates.
    /// </summary>
    public long RotateBytes { get; init; }

    /// <summary>Rotated files kept, 1..1000.</summary>
    public int Keep { get; init; } = 3;

    /// <summary>First wait before reopening after a failed write; doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reopening attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes of lines held while the file cannot be written; newer lines beyond it are dropped and counted.</summary>
    public int MaxPendingBytes { get; init; } = 1 << 20;

    /// <summary>Throws when a setting cannot be used, naming it.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Path);
        OptionRules.InInterval(FlushInterval.TotalSeconds, 0.01, 1, "[]", nameof(FlushInterval));
        OptionRules.InRange(RotateBytes, 0, long.MaxValue, nameof(RotateBytes));
        OptionRules.InRange(Keep, 1, 1000, nameof(Keep));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryMinDelay, TimeSpan.Zero, nameof(RetryMinDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryMinDelay, nameof(RetryMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingBytes, 4096, nameof(MaxPendingBytes));
    }
}
