namespace FerEdge.Core.Diagnostics;

/// <summary>
/// Lets one log line through per interval and counts the ones held back, so a fault that repeats at frame rate (a
/// corrupt file, a full disk, a flood of bad clients) costs one line per interval instead of one per occurrence.
/// </summary>
/// <remarks>Thread-safe. Time comes from the given <see cref="TimeProvider"/>, so tests drive it.</remarks>
public sealed class LogThrottle
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly Lock _gate = new();
    private long _nextAllowed = long.MinValue;
    private long _suppressed;

    /// <summary>One line per <paramref name="interval"/> at most.</summary>
    public LogThrottle(TimeSpan interval, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _time = time ?? TimeProvider.System;
        _intervalTicks = interval.Ticks;
    }

    /// <summary>
    /// True when a line may be written now; <paramref name="suppressed"/> is then the number of occurrences held back
    /// since the last line that went through (to be said in that line). False counts one more held back.
    /// </summary>
    public bool TryEnter(out long suppressed)
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            if (now >= _nextAllowed)
            {
                _nextAllowed = now + _intervalTicks;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
