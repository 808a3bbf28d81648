namespace FerEdge.Pipeline.Frames;

/// <summary>
/// A fixed number of reusable frame buffers. <see cref="TryRent"/> gives a free one or fails when all are in use
/// (the caller then skips the frame and counts it); <see cref="PooledFrame.Return"/> gives it back, exactly once.
/// </summary>
/// <remarks>Thread-safe: frames are rented on the capture thread and returned from any stage.</remarks>
public sealed class FramePool
{
    private readonly Stack<PooledFrame> _free;
    private readonly object _gate = new();
    private long _returns;
    private long _rents;

    /// <summary>Creates a pool of <paramref name="capacity"/> frames.</summary>
    public FramePool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _free = new Stack<PooledFrame>(capacity);
        for (var i = 0; i < capacity; i++)
        {
            _free.Push(new PooledFrame(this));
        }
    }

    /// <summary>Number of frames the pool owns.</summary>
    public int Capacity { get; }

    /// <summary>Frames currently rented.</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _free.Count;
            }
        }
    }

    /// <summary>Total rents so far.</summary>
    public long Rents => Interlocked.Read(ref _rents);

    /// <summary>Total returns so far.</summary>
    public long Returns => Interlocked.Read(ref _returns);

    /// <summary>Rents a free frame; false when all are in use.</summary>
    public bool TryRent(out PooledFrame frame)
    {
        lock (_gate)
        {
            if (_free.Count == 0)
            {
                frame = null!;
                return false;
            }

            frame = _free.Pop();
            frame.MarkRented();
            Interlocked.Increment(ref _rents);
            return true;
        }
    }

    internal void Return(PooledFrame frame)
    {
        lock (_gate)
        {
            _free.Push(frame);
            Interlocked.Increment(ref _returns);
        }
    }
}
