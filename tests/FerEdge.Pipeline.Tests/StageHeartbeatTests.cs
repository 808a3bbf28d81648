using System.Reactive.Concurrency;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// The stage heartbeat on real stage threads and a clock the test moves: one stage stuck inside an item stops
/// answering. Each wait is for queued work to run (a marker behind it on the stage's thread), never for time to pass.
/// </summary>
public sealed class StageHeartbeatTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Fact]
    public void AllStagesAnsweredSince_OneStageBlocked_FalseUntilItIsFreed()
    {
        var clock = new SteppedClock();
        using var schedulers = PipelineSchedulers.CreateThreads();
        var heartbeat = new StageHeartbeat(schedulers, clock);
        Assert.True(heartbeat.AllStagesAnsweredSince(Window));
        clock.Advance(Window * 2);
        Assert.False(heartbeat.AllStagesAnsweredSince(Window));

        heartbeat.Beat();
        Drain(schedulers.Capture, schedulers.Vision, schedulers.Inference, schedulers.Publish);
        Assert.True(heartbeat.AllStagesAnsweredSince(Window), "idle stages did not answer");

        // The inference thread is stuck in one item: its beat waits behind it while the other three answer.
        using var release = new ManualResetEventSlim();
        schedulers.Inference.Schedule(() => release.Wait(TimeSpan.FromSeconds(30)));
        clock.Advance(Window * 2);
        heartbeat.Beat();
        Drain(schedulers.Capture, schedulers.Vision, schedulers.Publish);
        Assert.False(heartbeat.AllStagesAnsweredSince(Window));

        release.Set();
        Drain(schedulers.Inference);
        Assert.True(heartbeat.AllStagesAnsweredSince(Window), "the freed stage did not answer");
    }

    // Returns once everything queued so far on each stage has run (stage threads run their items in order).
    private static void Drain(params IScheduler[] stages)
    {
        foreach (var stage in stages)
        {
            var marker = new ManualResetEventSlim();
            stage.Schedule(marker.Set);
            Assert.True(marker.Wait(TimeSpan.FromSeconds(30)), "a stage thread did not run its queue");
        }
    }
}
