using FerEdge.Host.Hosting;

namespace FerEdge.Host.Tests;

/// <summary>The metrics topic's clock, driven by a manual <see cref="TimeProvider"/>.</summary>
public sealed class MetricsLoopTests
{
    [Fact]
    public async Task RunAsync_ClockPassesThreeIntervals_PublishesThreeTimesThenStopsOnCancel()
    {
        var time = new ManualTimeProvider();
        var published = 0;
        using var stop = new CancellationTokenSource();
        var loop = new MetricsLoop(TimeSpan.FromSeconds(5), time, () => Interlocked.Increment(ref published)).RunAsync(stop.Token);

        for (var i = 1; i <= 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(4.9));
            await Task.Yield();
            Assert.Equal(i - 1, Volatile.Read(ref published));
            time.Advance(TimeSpan.FromSeconds(0.1));
            await WaitForAsync(() => Volatile.Read(ref published) == i);
        }

        await stop.CancelAsync();
        await loop;
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(3, Volatile.Read(ref published));
    }

    // The loop resumes on the thread pool after each tick; this waits for it without any clock.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Yield();
        }
    }
}
