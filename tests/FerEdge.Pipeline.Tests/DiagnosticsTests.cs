using FerEdge.Pipeline.Diagnostics;
using FerEdge.Testing;

namespace FerEdge.Pipeline.Tests;

public sealed class DiagnosticsTests
{
    [Fact]
    public void Record_TrackedFrame_OnlyStagesThatRanAreCounted()
    {
        var stages = new StageLatencies();
        stages.Record(new FrameTiming { Frame = 3, CaptureMs = 0.2f, TrackingMs = 4f, ClassifiersMs = 0.8f, PublishMs = 0.05f, EndToEndMs = 5.5f });
        stages.Record(new FrameTiming { Frame = 4, Keyframe = true, CaptureMs = 0.2f, DetectionMs = 2f, LandmarksMs = 3f, ClassifiersMs = 0.9f, PublishMs = 0.05f, EndToEndMs = 6.5f });

        Assert.Equal(2, stages[PipelineStage.Capture].Count);
        Assert.Equal(1, stages[PipelineStage.Detection].Count);
        Assert.Equal(1, stages[PipelineStage.Landmarks].Count);
        Assert.Equal(1, stages[PipelineStage.Tracking].Count);
        Assert.Equal(0, stages[PipelineStage.Explanation].Count);
        Assert.Equal(2, stages[PipelineStage.EndToEnd].Count);
        Assert.Equal(4.0, stages[PipelineStage.Tracking].MaxMilliseconds, 3);
        Assert.Equal(6.5, stages[PipelineStage.EndToEnd].MaxMilliseconds, 3);
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsFirstFramesAndCountsTheRest()
    {
        var timeline = new FrameTimeline(2);
        for (var i = 0; i < 5; i++)
        {
            timeline.Add(new FrameTiming { Frame = i, EndToEndMs = i + 1 });
        }

        Assert.Equal(2, timeline.Count);
        Assert.Equal(3, timeline.Overflow);
        Assert.Equal([0L, 1L], [timeline.Snapshot()[0].Frame, timeline.Snapshot()[1].Frame]);
    }

    [Fact]
    public void Record_ManyFrames_AllocatesNothing()
    {
        var stages = new StageLatencies();
        var timeline = new FrameTimeline(4096);
        var timing = new FrameTiming { CaptureMs = 0.1f, TrackingMs = 3f, ClassifiersMs = 0.7f, PublishMs = 0.06f, EndToEndMs = 4f };
        stages.Record(timing);
        timeline.Add(timing);

        var allocated = Allocations.Least(
            () =>
            {
                for (var i = 0; i < 4000; i++)
                {
                    var t = timing with { Frame = i, Keyframe = (i % 10) == 0, DetectionMs = (i % 10) == 0 ? 2f : 0f };
                    stages.Record(t);
                    timeline.Add(t);
                }
            },
            runs: 3);

        Assert.Equal(0, allocated);
        Assert.Equal(12001, stages[PipelineStage.EndToEnd].Count);
        Assert.Equal(1200, stages[PipelineStage.Detection].Count);
    }

    [Fact]
    public void Of_EveryStage_HasADistinctSnakeCaseName()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in StageNames.All)
        {
            var name = StageNames.Of(stage);
            Assert.Matches("^[a-z_]+$", name);
            Assert.True(names.Add(name), $"duplicate stage name {name}");
        }

        Assert.Equal(Enum.GetValues<PipelineStage>().Length, names.Count);
        Assert.Equal("end_to_end", StageNames.Of(PipelineStage.EndToEnd));
    }
}
