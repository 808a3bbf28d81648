using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using FerEdge.Core.Diagnostics;
using FerEdge.Core.Frames;
using Microsoft.Extensions.Logging;

namespace FerEdge.Pipeline.Frames;

/// <summary>
/// The capture loop as an observable source: each subscription reads <see cref="IFrameSource"/> into pooled frames
/// on the capture scheduler, one read per scheduled step, and completes at the end of the source, after
/// <see cref="PipelineOptions.MaxFrames"/> or when the run is cancelled.
/// </summary>
/// <remarks>
/// Every wait is a scheduled step, never a blocked thread, so a virtual-time scheduler drives it exactly: files in
/// real time are paced to their media time, a live source's read failures are retried after a doubling delay
/// (<see cref="PipelineOptions.RetryMinDelay"/> to <see cref="PipelineOptions.RetryMaxDelay"/>), a recorded
/// source's bad frame is skipped, and with limited <see cref="FrameCredits"/> a step that finds none waits for the
/// next frame to leave the pipeline. A frame read while every buffer is busy is dropped and counted.
/// </remarks>
internal sealed class FrameCapture
{
    private readonly IFrameSource _source;
    private readonly FramePool _pool;
    private readonly FrameCredits _credits;
    private readonly PipelineOptions _options;
    private readonly bool _paced;
    private readonly PipelineCounters _counters;
    private readonly IScheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LogThrottle _errorLog;

    /// <summary>A capture of <paramref name="source"/>; <paramref name="paced"/> paces recorded media to its media time.</summary>
    public FrameCapture(
        IFrameSource source,
        FramePool pool,
        FrameCredits credits,
        PipelineOptions options,
        bool paced,
        PipelineCounters counters,
        IScheduler scheduler,
        TimeProvider time,
        ILogger logger)
    {
        _source = source;
        _pool = pool;
        _credits = credits;
        _options = options;
        _paced = paced;
        _counters = counters;
        _scheduler = scheduler;
        _time = time;
        _logger = logger;
        _errorLog = new LogThrottle(options.SourceErrorLogInterval, time);
    }

    /// <summary>The frames of one run; cancelling <paramref name="cancellationToken"/> completes it.</summary>
    public IObservable<PooledFrame> Frames(CancellationToken cancellationToken) =>
        Observable.Create<PooledFrame>(observer => new Loop(this, observer).Start(cancellationToken));

    /// <summary>
    /// One subscription's state; every step runs on the capture scheduler, so none overlaps another. Only the capture
    /// scheduler's own thread sets <see cref="_next"/>: a step scheduled from another thread (the first, from the
    /// subscriber; a resumption, from the stage that gave a credit back) can run before its scheduling call returns,
    /// and a handle stored afterwards would replace, and so cancel, whatever that step had scheduled next.
    /// </summary>
    private sealed class Loop(FrameCapture capture, IObserver<PooledFrame> observer) : IDisposable
    {
        private readonly SerialDisposable _next = new();
        private readonly SingleAssignmentDisposable _first = new();
        private readonly VideoFrame _scratch = new();
        private DateTimeOffset _start;
        private double? _firstTime;
        private TimeSpan _retryDelay = capture._options.RetryMinDelay;
        private PooledFrame? _waiting;
        private CancellationTokenRegistration _registration;
        private volatile bool _stopped;

        public Loop Start(CancellationToken cancellationToken)
        {
            _start = capture._scheduler.Now;
            _registration = cancellationToken.Register(() => capture._scheduler.Schedule(Cancel));
            _first.Disposable = capture._scheduler.Schedule(Step);
            return this;
        }

        /// <summary>Ends the subscription: no further step runs.</summary>
        public void Dispose()
        {
            _stopped = true;
            _registration.Dispose();
            _first.Dispose();
            _next.Dispose();
        }

        private void Next(TimeSpan delay) => _next.Disposable = capture._scheduler.Schedule(delay, Step);

        private void Step()
        {
            var options = capture._options;
            if (_stopped)
            {
                return;
            }

            if (options.MaxFrames > 0 && capture._counters.FramesRead >= options.MaxFrames)
            {
                PipelineLog.MaxFramesReached(capture._logger, options.MaxFrames);
                Complete();
                return;
            }

            // The resumption comes from the thread that gave the credit back: it schedules a step without a handle,
            // which a stop makes a no-op.
            if (!capture._credits.TryTake(() => capture._scheduler.Schedule(Step)))
            {
                return;
            }

            var rented = capture._pool.TryRent(out var pooled);
            var target = rented ? pooled : null;
            var readStart = capture._time.GetTimestamp();
            bool read;
            try
            {
                read = capture._source.TryRead(target?.Frame ?? _scratch);
                if (capture._counters.SourceProblem is not null)
                {
                    PipelineLog.SourceBack(capture._logger, capture._source.Description);
                    capture._counters.SourceFailing(null);
                }

                _retryDelay = options.RetryMinDelay;
            }
            catch (FrameSourceException e)
            {
                capture._counters.SourceError();
                Release(target);
                var logged = capture._errorLog.TryEnter(out var suppressed);
                if (capture._source.IsLive)
                {
                    capture._counters.SourceFailing(e.Message);
                    if (logged)
                    {
                        PipelineLog.SourceRetry(capture._logger, capture._source.Description, e.Message, (long)_retryDelay.TotalMilliseconds, suppressed);
                    }

                    Next(_retryDelay);
                    _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, options.RetryMaxDelay.Ticks));
                    return;
                }

                if (logged)
                {
                    PipelineLog.CorruptFrame(capture._logger, capture._source.Description, e.Message, capture._counters.SourceErrors, suppressed);
                }

                Next(TimeSpan.Zero);
                return;
            }
            catch (IOException e)
            {
                Release(target);
                PipelineLog.SourceFailed(capture._logger, capture._source.Description, e.Message);
                _stopped = true;
                observer.OnError(e);
                return;
            }

            if (!read)
            {
                Release(target);
                PipelineLog.EndOfSource(capture._logger, capture._source.Description, capture._counters.FramesRead);
                if (capture._source.EndWarning is { } warning)
                {
                    PipelineLog.EndedEarly(capture._logger, warning);
                }

                if (capture._counters.SourceErrors > 0)
                {
                    PipelineLog.SourceErrorsTotal(capture._logger, capture._source.Description, capture._counters.SourceErrors);
                }

                Complete();
                return;
            }

            capture._counters.FrameRead();
            if (target is null)
            {
                capture._counters.CaptureDropped();
                capture._credits.Release();
                Next(TimeSpan.Zero);
                return;
            }

            var readMs = (float)capture._time.GetElapsedTime(readStart).TotalMilliseconds;
            var due = TimeSpan.Zero;
            if (capture._paced && capture._source.FramesPerSecond > 0)
            {
                // Real-time pacing of recorded media: the frame leaves at its media time after the first frame's.
                _firstTime ??= target.Frame.Time;
                due = _start + TimeSpan.FromSeconds(target.Frame.Time - _firstTime.Value) - capture._scheduler.Now;
            }

            if (due <= TimeSpan.Zero)
            {
                Emit(target, readMs);
                return;
            }

            _waiting = target;
            _next.Disposable = capture._scheduler.Schedule(due, () => Emit(target, readMs));
        }

        private void Emit(PooledFrame frame, float readMs)
        {
            _waiting = null;
            if (_stopped)
            {
                Release(frame);
                return;
            }

            frame.ReadMs = readMs;
            frame.CapturedAt = capture._time.GetTimestamp();
            observer.OnNext(frame);
            Next(TimeSpan.Zero);
        }

        private void Cancel()
        {
            if (_stopped)
            {
                return;
            }

            _next.Disposable = Disposable.Empty;
            if (_waiting is { } waiting)
            {
                // Read and counted, but never to be processed: a drop, so that read = processed + dropped holds.
                _waiting = null;
                capture._counters.CaptureDropped();
                Release(waiting);
            }

            Complete();
        }

        private void Complete()
        {
            _stopped = true;
            observer.OnCompleted();
        }

        private void Release(PooledFrame? frame)
        {
            frame?.Return();
            capture._credits.Release();
        }
    }
}
