using System.Diagnostics;

namespace FerEdge.Messaging.Tests;

/// <summary>How much CPU this test process uses while it should be idle: the check that nothing spins.</summary>
internal static class ProcessCpu
{
    /// <summary>
    /// The process's CPU share (CPU seconds per second) over <paramref name="window"/>, after half a second for closing
    /// handshakes: the least of four consecutive quarters. A spinning connection costs CPU in every quarter; a one-off
    /// burst (tier-up compilation, a collection, finalizers) in only some, so the least ignores it.
    /// </summary>
    public static async Task<double> LeastShareOverAsync(TimeSpan window)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        using var process = Process.GetCurrentProcess();
        var quarter = window / 4;
        var least = double.MaxValue;
        for (var q = 0; q < 4; q++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.Delay(quarter, TestContext.Current.CancellationToken);
            process.Refresh();
            least = Math.Min(least, (process.TotalProcessorTime - before).TotalSeconds / clock.Elapsed.TotalSeconds);
        }

        return least;
    }

    /// <summary>A spinning connection costs a whole core: a CPU share near 1 in every quarter. An idle broker costs next to none.</summary>
    public static void AssertIdle(double cpuShare, TimeSpan window) =>
        Assert.True(cpuShare < 0.25, $"the process used {cpuShare:F2} CPU seconds per second, in the least busy quarter of {window.TotalSeconds} s, with no client busy");

    /// <summary>
    /// Asserts that the process is idle (least-quarter CPU share under 0.25) in one of up to five consecutive windows.
    /// A spinning connection never lets go of its core, so it fails every window; work other tests left behind
    /// (collections, finalizers, closing handshakes) dies away and passes a later one.
    /// </summary>
    public static async Task AssertBecomesIdleAsync(TimeSpan window)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var share = 1.0;
        for (var attempt = 0; attempt < 5 && share >= 0.25; attempt++)
        {
            share = await LeastShareOverAsync(window);
        }

        AssertIdle(share, window);
    }
}
