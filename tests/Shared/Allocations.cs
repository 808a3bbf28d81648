namespace FerEdge.Testing;

/// <summary>Managed allocation checks that hold on a loaded machine.</summary>
internal static class Allocations
{
    /// <summary>
    /// Managed bytes the calling thread allocates in the least-allocating of <paramref name="runs"/> runs of
    /// <paramref name="action"/>. One run can pick up a one-off allocation the runtime makes on the thread (a method
    /// promoted to a higher tier while it runs, a type loaded on first use), which a busy machine makes more likely;
    /// code that allocates per call allocates in every run, so the minimum still catches it.
    /// </summary>
    public static long Least(Action action, int runs = 5)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var least = long.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
