namespace FerEdge.Pipeline.Diagnostics;

/// <summary>The snake_case names of <see cref="PipelineStage"/> used in JSON, metrics tags and reports.</summary>
public static class StageNames
{
    private static readonly string[] Names = ["capture", "detection", "landmarks", "tracking", "features", "classifiers", "explanation", "publish", "end_to_end"];

    /// <summary>Every stage in pipeline order.</summary>
    public static ReadOnlySpan<PipelineStage> All =>
    [
        PipelineStage.Capture, PipelineStage.Detection, PipelineStage.Landmarks, PipelineStage.Tracking, PipelineStage.Features,
        PipelineStage.Classifiers, PipelineStage.Explanation, PipelineStage.Publish, PipelineStage.EndToEnd,
    ];

    /// <summary>The name of <paramref name="stage"/> (a cached string: no allocation).</summary>
    public static string Of(PipelineStage stage) => Names[(int)stage];
}
