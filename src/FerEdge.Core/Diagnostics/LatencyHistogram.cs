namespace FerEdge.Core.Diagnostics;

/// <summary>
/// A fixed-size latency histogram: 10 microsecond buckets up to 10 ms, then 100 microsecond buckets up to 1 s, and
/// an overflow bucket. Recording is allocation-free and lock-free; percentiles are accurate to the bucket width.
/// </summary>
/// <remarks>Thread-safe: <see cref="Record"/> may run on any thread while another reads percentiles.</remarks>
public sealed class LatencyHistogram
{
    private const int FineBuckets = 1000;     // 0..10 ms in 10 us
    private const int CoarseBuckets = 9900;   // 10 ms..1 s in 100 us
    private readonly long[] _counts = new long[FineBuckets + CoarseBuckets + 1];
    private long _total;
    private long _maxMicros;

    /// <summary>Values recorded.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>Largest value recorded, in milliseconds.</summary>
    public double MaxMilliseconds => Interlocked.Read(ref _maxMicros) / 1000.0;

    /// <summary>Records one latency in milliseconds (negative values count as 0).</summary>
    public void Record(double milliseconds)
    {
        var micros = (long)Math.Max(0, milliseconds * 1000);
        int bucket;
        if (micros < 10_000)
        {
            bucket = (int)(micros / 10);
        }
        else if (micros < 1_000_000)
        {
            bucket = FineBuckets + (int)((micros - 10_000) / 100);
        }
        else
        {
            bucket = _counts.Length - 1;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, seen) != seen)
        {
        }
    }

    /// <summary>The <paramref name="percentile"/> (0..100) in milliseconds (upper edge of its bucket), 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * total);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdgeMilliseconds(i), MaxMilliseconds);
            }
        }

        return MaxMilliseconds;
    }

    private static double UpperEdgeMilliseconds(int bucket) => bucket < FineBuckets
        ? (bucket + 1) * 0.01
        : bucket < FineBuckets + CoarseBuckets
            ? 10 + ((bucket - FineBuckets + 1) * 0.1)
            : double.PositiveInfinity;
}
