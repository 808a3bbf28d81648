using System.Reactive.Concurrency;
using FerEdge.Capture;
using FerEdge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// The capture loop on real threads, where a step scheduled from another thread (the run's first, from the thread
/// that starts the run; a resumption, from the stage that gives a credit back) can run before the call that
/// scheduled it returns. The capture scheduler here makes that certain: it returns a handle to any other thread only
/// after a pause, by which time the capture thread has read frames and scheduled the next step or the next frame's
/// release. A loop that kept that late handle as its next step cancelled what was really next and stopped for good.
/// </summary>
public sealed class CaptureSchedulingTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_HandlesReturnedLateToOtherThreads_EveryFrameProcessed(bool fast)
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var stages = PipelineStages.Create(
            new PipelineStagesOptions { Landmarker = new() { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface") } },
            new MouthWidthModel());
        using var captureLoop = new EventLoopScheduler(start => new Thread(start) { Name = "late-capture", IsBackground = true });
        using var others = new EventLoopScheduler(start => new Thread(start) { Name = "late-stages", IsBackground = true });
        using var schedulers = new PipelineSchedulers(new LateHandles(captureLoop, "late-capture"), others, others, others);
        using var pipeline = new FerEdgePipeline(
            source, stages.NewPerception(), stages.NewEmotionStage(), [], new PipelineOptions { Fast = fast, MaxFrames = 24, DeviceId = "late" },
            schedulers, TimeProvider.System, NullLogger.Instance);

        var run = pipeline.RunAsync(TestContext.Current.CancellationToken);
        var ended = await Task.WhenAny(run, Task.Delay(Deadline, TestContext.Current.CancellationToken));
        Assert.True(
            ended == run,
            $"the run stopped moving after {pipeline.Counters.FramesRead} frames read, {pipeline.Counters.FramesProcessed} processed");
        await run;
        Assert.Equal(24, pipeline.Counters.FramesRead);
        Assert.Equal(24, pipeline.Counters.FramesProcessed + pipeline.Counters.Dropped);
    }

    /// <summary>An event loop whose handles reach callers on other threads only after <see cref="Pause"/>.</summary>
    private sealed class LateHandles(IScheduler loop, string threadName) : IScheduler
    {
        public DateTimeOffset Now => loop.Now;

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
            Late(loop.Schedule(state, action));

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Late(loop.Schedule(state, dueTime, action));

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Late(loop.Schedule(state, dueTime, action));

        private IDisposable Late(IDisposable handle)
        {
            if (Thread.CurrentThread.Name != threadName)
            {
                Thread.Sleep(Pause);
            }

            return handle;
        }
    }
}
