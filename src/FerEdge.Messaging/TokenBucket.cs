namespace FerEdge.Messaging;

/// <summary>
/// A token bucket over a <see cref="TimeProvider"/>'s timestamps. Thread-safe: <see cref="TryTake"/> holds a private
/// lock for a few arithmetic operations, so callers on any thread never wait on I/O.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _tokensPerTick;
    private readonly double _capacity;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(TopicRateLimit limit, TimeProvider time)
    {
        _time = time;
        _capacity = limit.Burst;
        _tokens = limit.Burst;
        _tokensPerTick = limit.PerSecond / time.TimestampFrequency;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes one token if one is available; false means the message is over the limit.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var elapsed = now - _lastTimestamp;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_capacity, _tokens + (elapsed * _tokensPerTick));
                _lastTimestamp = now;
            }

            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }

            return false;
        }
    }
}
