using System.Diagnostics;

namespace FerEdge.Pipeline.Diagnostics;

/// <summary>Monotonic timestamps and their differences in milliseconds, for stage timing without allocation.</summary>
internal static class StageClock
{
    /// <summary>Now, in <see cref="Stopwatch"/> ticks.</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Milliseconds from <paramref name="start"/> to <paramref name="end"/> (Stopwatch ticks).</summary>
    public static float Ms(long start, long end) => (float)((end - start) * 1000.0 / Stopwatch.Frequency);
}
