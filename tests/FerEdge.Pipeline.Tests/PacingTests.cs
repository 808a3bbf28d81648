using FerEdge.Capture;
using FerEdge.Core.Frames;
using FerEdge.Testing;

namespace FerEdge.Pipeline.Tests;

/// <summary>Real-time pacing, drops and the retry backoff of live sources, in virtual time.</summary>
public sealed class PacingTests
{
    // single_face.mp4: 72 frames at 30 frames/s, media time i / 30 s.
    private const int VideoFrames = 72;

    [Fact]
    public async Task RunAsync_RealTimeFile_FramesLeaveAtTheirMediaTime()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var run = new VirtualRun(source, new PipelineOptions { DeviceId = "test" });
        var task = run.Pipeline.RunAsync(TestContext.Current.CancellationToken);

        run.Capture.AdvanceBy(TimeSpan.FromSeconds(1));

        // Frames 0..30 are due by 1 s (frame 30 exactly at 1 s); the stages keep up, so nothing is dropped.
        Assert.Equal(31, run.Counters.FramesProcessed);
        Assert.Equal(0, run.Counters.Dropped);

        run.Capture.Start();
        await task;
        Assert.Equal(VideoFrames, run.Counters.FramesProcessed);
        Assert.Equal(0, run.Counters.Dropped);
        Assert.Equal(TimeSpan.FromSeconds((VideoFrames - 1) / 30.0).TotalMilliseconds, (run.Capture.Now - DateTimeOffset.MinValue).TotalMilliseconds, 1);
    }

    [Fact]
    public async Task RunAsync_StagesBehindRealTimeCapture_KeepTheNewestFrameAndCountTheDrops()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var run = new VirtualRun(source, new PipelineOptions { DeviceId = "test" }, stagesApart: true);
        var task = run.Pipeline.RunAsync(TestContext.Current.CancellationToken);

        // One second of capture while vision does not get to run: 31 frames are handed on and only the newest waits;
        // the 32nd is already read and waits for its media time.
        run.Capture.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Equal(32, run.Counters.FramesRead);
        Assert.Equal(30, run.Counters.VisionDrops.Count);
        Assert.Equal(2, run.Pipeline.Pool.InUse);

        run.Stages.Start();
        Assert.Equal(1, run.Counters.FramesProcessed);
        Assert.Equal(1, run.Model.ScoreCalls);

        // The rest of the file, again faster than the stages: one more frame gets through.
        run.Capture.Start();
        run.Stages.Start();
        await task;
        var c = run.Counters;
        Assert.Equal(VideoFrames, c.FramesRead);
        Assert.Equal(2, c.FramesProcessed);
        Assert.Equal(c.FramesRead, c.FramesProcessed + c.Dropped);
        Assert.Equal(c.FramesProcessed, run.Model.ScoreCalls);
        Assert.Equal(run.Pipeline.Pool.Rents, run.Pipeline.Pool.Returns);

        // Appearance is computed on the perception thread for every perceived face and reaches every scored frame;
        // frames dropped after perception return their buffers too (the pool is shared, so only arrival is checked).
        Assert.Equal(run.Model.ScoreCalls, run.Model.AppearanceSeen);
        Assert.True(run.Model.DescribeCalls >= run.Model.ScoreCalls, $"{run.Model.DescribeCalls} describe calls for {run.Model.ScoreCalls} scored frames");
    }

    [Fact]
    public async Task RunAsync_FailingLiveSource_RetriesWithDoublingDelaysUpToTheMaximum()
    {
        using var source = new FailingCamera(failures: 6);
        using var run = new VirtualRun(source, new PipelineOptions { DeviceId = "test" });
        source.Clock = run.Capture;

        await run.Start(TestContext.Current.CancellationToken);

        // The shipped backoff: 200 ms doubling per failure, at most 5 s; the seventh read ends the source.
        double[] expected = [0, 0.2, 0.6, 1.4, 3.0, 6.2, 11.2];
        Assert.Equal(expected, source.ReadTimes.Select(t => Math.Round(t.TotalSeconds, 3)));
        Assert.Equal(6, run.Counters.SourceErrors);
        Assert.Equal(0, run.Counters.FramesRead);
        Assert.Equal(0, run.Pipeline.Pool.InUse);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileAFrameWaitsForItsTime_CompletesAndReturnsTheFrame()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var run = new VirtualRun(source, new PipelineOptions { DeviceId = "test" });
        using var cancel = new CancellationTokenSource();
        var task = run.Pipeline.RunAsync(cancel.Token);
        run.Capture.AdvanceBy(TimeSpan.FromMilliseconds(50));
        Assert.Equal(2, run.Counters.FramesProcessed);
        Assert.Equal(1, run.Pipeline.Pool.InUse);

        await cancel.CancelAsync();
        run.Capture.Start();
        await task;

        Assert.Equal(2, run.Counters.FramesProcessed);
        Assert.Equal(0, run.Pipeline.Pool.InUse);
        Assert.Equal(run.Pipeline.Pool.Rents, run.Pipeline.Pool.Returns);
    }

    /// <summary>A live source that fails <c>failures</c> times, then ends; it records the virtual time of each read.</summary>
    private sealed class FailingCamera(int failures) : IFrameSource
    {
        private int _reads;

        public System.Reactive.Concurrency.HistoricalScheduler? Clock { get; set; }

        public List<TimeSpan> ReadTimes { get; } = [];

        public string Description => "test camera";

        public bool IsLive => true;

        public double FramesPerSecond => 30;

        public bool TryRead(VideoFrame frame)
        {
            ReadTimes.Add(Clock!.Now - DateTimeOffset.MinValue);
            return ++_reads <= failures ? throw new FrameSourceException("unplugged") : false;
        }

        public void Dispose()
        {
        }
    }
}
