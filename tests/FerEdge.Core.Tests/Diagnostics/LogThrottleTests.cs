using FerEdge.Core.Diagnostics;

namespace FerEdge.Core.Tests.Diagnostics;

public sealed class LogThrottleTests
{
    [Fact]
    public void TryEnter_RepeatsWithinTheInterval_OneLineThenTheHeldBackCount()
    {
        var clock = new StepClock();
        var throttle = new LogThrottle(TimeSpan.FromSeconds(10), clock);

        Assert.True(throttle.TryEnter(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 1000; i++)
        {
            Assert.False(throttle.TryEnter(out _));
        }

        clock.Now += TimeSpan.FromSeconds(9.9);
        Assert.False(throttle.TryEnter(out _));
        clock.Now += TimeSpan.FromSeconds(0.1);
        Assert.True(throttle.TryEnter(out var held));
        Assert.Equal(1001, held);
        Assert.False(throttle.TryEnter(out _));
    }

    private sealed class StepClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
