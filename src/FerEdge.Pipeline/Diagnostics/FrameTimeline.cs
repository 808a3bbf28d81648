namespace FerEdge.Pipeline.Diagnostics;

/// <summary>
/// The first <see cref="Capacity"/> frames' <see cref="FrameTiming"/> records, in publishing order, for the
/// per-frame timeline of a profile. Frames beyond the capacity are counted, not kept.
/// </summary>
/// <remarks>
/// Preallocated; <see cref="Add"/> is allocation-free. One writer (the publish thread); read
/// <see cref="Snapshot"/> after the run has ended.
/// </remarks>
public sealed class FrameTimeline
{
    private readonly FrameTiming[] _items;
    private int _count;
    private long _overflow;

    /// <summary>Creates a timeline holding up to <paramref name="capacity"/> frames (0 keeps none).</summary>
    public FrameTimeline(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _items = new FrameTiming[capacity];
    }

    /// <summary>Frames the timeline can hold.</summary>
    public int Capacity => _items.Length;

    /// <summary>Frames held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Frames that arrived when the timeline was full.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Appends one frame's record, or counts it when full.</summary>
    public void Add(in FrameTiming timing)
    {
        var n = _count;
        if (n == _items.Length)
        {
            Interlocked.Increment(ref _overflow);
            return;
        }

        _items[n] = timing;
        Volatile.Write(ref _count, n + 1);
    }

    /// <summary>The records held so far, oldest first (a view over the internal buffer: read it after the run).</summary>
    public ReadOnlySpan<FrameTiming> Snapshot() => _items.AsSpan(0, Count);
}
