using System.Globalization;
using FerEdge.Core.Tracking;

namespace FerEdge.Training.FrontEnd;

/// <summary>What one tracking run over one video measured: errors on tracked frames, times, keyframe verdicts.</summary>
internal sealed class FrontEndTrackingRun
{
    public int Frames { get; init; }

    /// <summary>Subset error on tracked frames that have a full fit, as fractions of the inter-ocular distance.</summary>
    public List<double> Errors { get; } = [];

    /// <summary>Errors on the first tracked frame after a keyframe.</summary>
    public List<double> FirstFrameErrors { get; } = [];

    /// <summary>Errors five or more frames after a keyframe (drift).</summary>
    public List<double> LateErrors { get; } = [];

    public List<double> KeyframeMs { get; } = [];

    public List<double> TrackedMs { get; } = [];

    public Dictionary<RedetectReason, int> Reasons { get; } = [];

    private static double Mean(List<double> values) => values.Count > 0 ? values.Average() : double.NaN;

    public string Row(string video, int subsetSize)
    {
        var errors = Errors.Order().ToList();
        var keyMs = KeyframeMs.Order().ToList();
        var trackMs = TrackedMs.Order().ToList();
        var keyShare = (double)KeyframeMs.Count / Math.Max(1, KeyframeMs.Count + TrackedMs.Count);
        var reasons = string.Join(", ", Reasons.Where(r => r.Key != RedetectReason.None).OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {video} | {subsetSize} | {Frames} | {KeyframeMs.Count} | {TrackedMs.Count} | {100 * keyShare:F1} % | {100 * (errors.Count > 0 ? errors.Average() : double.NaN):F2} | {100 * FrontEndAccuracy.Percentile(errors, 0.5):F2} | {100 * FrontEndAccuracy.Percentile(errors, 0.9):F2} | {100 * (errors.Count > 0 ? errors[^1] : double.NaN):F2} | {100 * Mean(FirstFrameErrors):F2} | {100 * Mean(LateErrors):F2} | {FrontEndAccuracy.Percentile(keyMs, 0.5):F2} | {FrontEndAccuracy.Percentile(trackMs, 0.5):F3} | {reasons} |");
    }
}
