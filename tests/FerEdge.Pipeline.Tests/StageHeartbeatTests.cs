using System.Reactive.Concurrency;

namespace FerEdge.Pipeline.Tests;

/// <summary>The stage heartbeat on real stage threads: one stage stuck inside an item stops answering.</summary>
public sealed class StageHeartbeatTests
{
    [Fact]
    public void AllStagesAnsweredSince_OneStageBlocked_FalseUntilItIsFreed()
    {
        using var schedulers = PipelineSchedulers.CreateThreads();
        var heartbeat = new StageHeartbeat(schedulers, TimeProvider.System);
        var window = TimeSpan.FromMilliseconds(300);
        Thread.Sleep(window * 2);
        Assert.False(heartbeat.AllStagesAnsweredSince(window));

        heartbeat.Beat();
        Assert.True(SpinWait.SpinUntil(() => heartbeat.AllStagesAnsweredSince(window), TimeSpan.FromSeconds(5)), "idle stages did not answer");

        // The inference thread is stuck in one item: its beat waits behind it.
        using var release = new ManualResetEventSlim();
        schedulers.Inference.Schedule(() => release.Wait(TimeSpan.FromSeconds(30)));
        Thread.Sleep(window * 2);
        heartbeat.Beat();
        Thread.Sleep(window);
        Assert.False(heartbeat.AllStagesAnsweredSince(window));

        release.Set();
        Assert.True(SpinWait.SpinUntil(() => BeatAndWait(heartbeat, window), TimeSpan.FromSeconds(5)), "the freed stage did not answer");
    }

    private static bool BeatAndWait(StageHeartbeat heartbeat, TimeSpan window)
    {
        heartbeat.Beat();
        Thread.Sleep(50);
        return heartbeat.AllStagesAnsweredSince(window);
    }
}
