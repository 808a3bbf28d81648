using FerEdge.Core.Diagnostics;

namespace FerEdge.Pipeline.Diagnostics;

/// <summary>
/// One latency histogram per <see cref="PipelineStage"/>, fed one <see cref="FrameTiming"/> per published frame.
/// A stage is recorded only on the frames it ran on, so detection's percentiles are over keyframes only.
/// </summary>
/// <remarks>Thread-safe: recording is lock-free and allocation-free; percentiles may be read during a run.</remarks>
public sealed class StageLatencies
{
    private readonly LatencyHistogram[] _histograms;

    /// <summary>Creates empty histograms.</summary>
    public StageLatencies()
    {
        _histograms = new LatencyHistogram[StageNames.All.Length];
        for (var i = 0; i < _histograms.Length; i++)
        {
            _histograms[i] = new LatencyHistogram();
        }
    }

    /// <summary>The histogram of <paramref name="stage"/>.</summary>
    public LatencyHistogram this[PipelineStage stage] => _histograms[(int)stage];

    /// <summary>Records every stage that ran on the frame (duration above 0).</summary>
    public void Record(in FrameTiming timing)
    {
        Add(PipelineStage.Capture, timing.CaptureMs);
        Add(PipelineStage.Detection, timing.DetectionMs);
        Add(PipelineStage.Landmarks, timing.LandmarksMs);
        Add(PipelineStage.Tracking, timing.TrackingMs);
        Add(PipelineStage.Features, timing.FeaturesMs);
        Add(PipelineStage.Classifiers, timing.ClassifiersMs);
        Add(PipelineStage.Explanation, timing.ExplanationMs);
        Add(PipelineStage.Publish, timing.PublishMs);
        Add(PipelineStage.EndToEnd, timing.EndToEndMs);
    }

    private void Add(PipelineStage stage, float ms)
    {
        if (ms > 0)
        {
            _histograms[(int)stage].Record(ms);
        }
    }
}
