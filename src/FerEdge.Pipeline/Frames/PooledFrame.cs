using FerEdge.Core.Frames;

namespace FerEdge.Pipeline.Frames;

/// <summary>A frame buffer owned by a <see cref="FramePool"/>; its renter returns it exactly once.</summary>
public sealed class PooledFrame
{
    private readonly FramePool _pool;
    private int _rented;

    internal PooledFrame(FramePool pool)
    {
        _pool = pool;
    }

    /// <summary>The pixels and timing of the frame.</summary>
    public VideoFrame Frame { get; } = new();

    /// <summary>Monotonic timestamp (Stopwatch ticks) when the frame was captured.</summary>
    public long CapturedAt { get; set; }

    /// <summary>Milliseconds the source took to read (decode) the frame.</summary>
    public float ReadMs { get; set; }

    /// <summary>
    /// Gives the buffer back to its pool. Returning a frame that is not rented (twice, say) throws
    /// <see cref="InvalidOperationException"/>: it would let two owners write one buffer.
    /// </summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _rented, 0) != 1)
        {
            throw new InvalidOperationException($"Frame {Frame.Index} returned to its pool twice.");
        }

        _pool.Return(this);
    }

    internal void MarkRented()
    {
        if (Interlocked.Exchange(ref _rented, 1) != 0)
        {
            throw new InvalidOperationException("A frame in the free list was already rented.");
        }
    }
}
