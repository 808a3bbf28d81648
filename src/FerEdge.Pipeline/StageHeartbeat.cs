using System.Reactive.Concurrency;

namespace FerEdge.Pipeline;

/// <summary>
/// Tells whether every stage of the pipeline still runs: each <see cref="Beat"/> queues a no-op on the capture,
/// vision, inference and publish schedulers and notes when each ran. A stage stuck inside one item (a hung decoder,
/// a deadlocked sink) never runs its no-op, so <see cref="AllStagesAnsweredSince"/> turns false and the service
/// watchdog stops being fed. Frames need not flow: an idle pipeline still answers.
/// </summary>
/// <remarks>Thread-safe. Timestamps come from the given <see cref="TimeProvider"/>.</remarks>
public sealed class StageHeartbeat
{
    private readonly IScheduler[] _stages;
    private readonly long[] _answered;
    private readonly TimeProvider _time;

    /// <summary>A heartbeat over <paramref name="schedulers"/>' four stages.</summary>
    public StageHeartbeat(PipelineSchedulers schedulers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(time);
        _stages = [schedulers.Capture, schedulers.Vision, schedulers.Inference, schedulers.Publish];
        _answered = new long[_stages.Length];
        _time = time;
        var now = time.GetTimestamp();
        Array.Fill(_answered, now);
    }

    /// <summary>Queues one no-op per stage; each notes the time it ran.</summary>
    public void Beat()
    {
        for (var i = 0; i < _stages.Length; i++)
        {
            var stage = i;
            _stages[i].Schedule(() => Interlocked.Exchange(ref _answered[stage], _time.GetTimestamp()));
        }
    }

    /// <summary>True when every stage ran a beat within <paramref name="window"/> of now.</summary>
    public bool AllStagesAnsweredSince(TimeSpan window)
    {
        for (var i = 0; i < _answered.Length; i++)
        {
            if (_time.GetElapsedTime(Interlocked.Read(ref _answered[i])) > window)
            {
                return false;
            }
        }

        return true;
    }
}
