using FerEdge.Host.Health;
using FerEdge.Pipeline;

namespace FerEdge.Host.Tests;

/// <summary>
/// A stalled pipeline, on a manual clock: no frame processed for longer than the limit while the source reports no
/// problem (what the health loop stops feeding the watchdog for), counted from the pipeline's start before its first
/// frame; frames moving, or a lost camera the capture loop is retrying, are no stall.
/// </summary>
public sealed class PipelineStallTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void IsStalled_NoFrameSinceThePipelineStarted_OnlyPastTheLimit()
    {
        var clock = new ManualTimeProvider();
        var health = new ServiceHealth(TimeSpan.FromSeconds(10), clock);
        Assert.False(health.IsStalled(Limit));

        // Time before the pipeline starts (the models loading) does not count.
        clock.Advance(TimeSpan.FromMinutes(2));
        health.Attach(new PipelineCounters(), []);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(health.IsStalled(Limit));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(health.IsStalled(Limit));
    }

    [Fact]
    public void IsStalled_FramesThenNone_StalledPastTheLimitUntilTheNextFrame()
    {
        var clock = new ManualTimeProvider();
        var health = new ServiceHealth(TimeSpan.FromSeconds(10), clock);
        var counters = new PipelineCounters();
        health.Attach(counters, []);
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            counters.FrameProcessed(clock.GetTimestamp());
            Assert.False(health.IsStalled(Limit));
        }

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(health.IsStalled(Limit));
        counters.FrameProcessed(clock.GetTimestamp());
        Assert.False(health.IsStalled(Limit));
    }

    [Fact]
    public void IsStalled_CameraLost_NotAStall()
    {
        var clock = new ManualTimeProvider();
        var health = new ServiceHealth(TimeSpan.FromSeconds(10), clock);
        var counters = new PipelineCounters();
        health.Attach(counters, []);
        counters.SourceFailing("device unplugged");
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(health.IsStalled(Limit));
        Assert.Contains("camera lost", health.Evaluate().Reason, StringComparison.Ordinal);

        counters.SourceFailing(null);
        Assert.True(health.IsStalled(Limit));
    }
}
