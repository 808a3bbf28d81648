using FerEdge.Pipeline;
using FerEdge.Pipeline.Output;
using FerEdge.Web;

namespace FerEdge.Host.Health;

/// <summary>
/// The service's readiness and state from the running pipeline: ready while a frame reached the outputs within
/// <c>readyWithin</c>; degraded, with a reason, while the live source fails (camera lost), no frame has come for
/// that long after the start, the JSON-lines output fails, or the MQTT broker (or the bridge's broker, when the
/// embedded broker bridges to one) has been unreachable for that long.
/// </summary>
/// <remarks>Thread-safe: evaluated by the health loop and by HTTP requests.</remarks>
public sealed class ServiceHealth(TimeSpan readyWithin, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private volatile PipelineCounters? _counters;
    private volatile IReadOnlyList<IOutcomeSink> _sinks = [];
    private volatile Func<bool> _brokerConnected = () => true;
    private long _brokerDownSince;
    private volatile Func<bool>? _bridgeConnected;
    private long _bridgeDownSince;
    private long _attachedAt;

    /// <summary>
    /// Starts reporting on a run's counters and sinks, on whether the MQTT publisher is connected, and on whether the
    /// bridge's publisher is (none when null).
    /// </summary>
    public void Attach(PipelineCounters counters, IReadOnlyList<IOutcomeSink> sinks, Func<bool>? brokerConnected = null, Func<bool>? bridgeConnected = null)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = sinks;
        _brokerConnected = brokerConnected ?? (() => true);
        _bridgeConnected = bridgeConnected;
        Interlocked.Exchange(ref _attachedAt, time.GetTimestamp());
        _counters = counters;
    }

    /// <summary>
    /// Whether the pipeline has stopped moving by itself: no frame processed for <paramref name="after"/> (counted from
    /// the pipeline's start before its first frame) while the source reports no problem and every stage may still be
    /// answering its heartbeat. A lost camera is not a stall (the capture loop retries it, and a restart would not
    /// bring it back); a stage that hangs is caught by its heartbeat. False before a pipeline is attached.
    /// </summary>
    public bool IsStalled(TimeSpan after)
    {
        if (_counters is not { } counters || counters.SourceProblem is not null)
        {
            return false;
        }

        var last = counters.LastProcessedTimestamp;
        return time.GetElapsedTime(last != 0 ? last : Interlocked.Read(ref _attachedAt)) > after;
    }

    /// <summary>The report now.</summary>
    public HealthReport Evaluate()
    {
        var counters = _counters;
        if (counters is null)
        {
            return new HealthReport(false, Core.Contract.StatusPayload.Online, null, 0, null);
        }

        var last = counters.LastProcessedTimestamp;
        double? age = last == 0 ? null : time.GetElapsedTime(last).TotalSeconds;
        var ready = age is { } a && a <= readyWithin.TotalSeconds;
        var reasons = new List<string>(2);
        if (counters.SourceProblem is { } problem)
        {
            reasons.Add("camera lost: " + problem);
        }
        else if (!ready && time.GetElapsedTime(_started) > readyWithin)
        {
            reasons.Add(age is { } seconds ? $"no frames for {seconds:F0} s" : "no frames yet");
        }

        foreach (var sink in _sinks)
        {
            if (sink is JsonLinesSink { IsFailing: true })
            {
                reasons.Add("JSON-lines output failing");
            }
        }

        if (DownTooLong(_brokerConnected(), ref _brokerDownSince))
        {
            reasons.Add("MQTT broker unreachable");
        }

        // The device goes on with its own broker; the home's broker being away is said, not hidden.
        if (_bridgeConnected is { } bridgeConnected && DownTooLong(bridgeConnected(), ref _bridgeDownSince))
        {
            reasons.Add("MQTT bridge unreachable");
        }

        var reason = reasons.Count > 0 ? string.Join("; ", reasons) : null;
        var state = reason is null ? Core.Contract.StatusPayload.Online : Core.Contract.StatusPayload.Degraded;
        return new HealthReport(ready, state, reason, counters.FramesProcessed, age);
    }

    // Whether a connection has been down for longer than readyWithin (and the run is older than that).
    private bool DownTooLong(bool connected, ref long downSince)
    {
        if (connected)
        {
            Interlocked.Exchange(ref downSince, 0);
            return false;
        }

        var now = time.GetTimestamp();
        var since = Interlocked.CompareExchange(ref downSince, now, 0);
        return time.GetElapsedTime(since == 0 ? now : since) > readyWithin && time.GetElapsedTime(_started) > readyWithin;
    }
}
