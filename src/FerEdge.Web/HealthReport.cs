namespace FerEdge.Web;

/// <summary>What <c>/readyz</c> answers: whether frames flow, the service state and why it is degraded.</summary>
/// <param name="Ready">A frame reached the outputs within the readiness window.</param>
/// <param name="State"><c>online</c> or <c>degraded</c> (the status topic's state).</param>
/// <param name="Reason">Why degraded (for example "camera lost: ..."); null when online.</param>
/// <param name="Frames">Frames processed since the start.</param>
/// <param name="LastFrameAgeSeconds">Seconds since the last processed frame; null before the first.</param>
public sealed record HealthReport(bool Ready, string State, string? Reason, long Frames, double? LastFrameAgeSeconds);
