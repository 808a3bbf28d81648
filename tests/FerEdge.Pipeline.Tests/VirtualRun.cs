using System.Reactive.Concurrency;
using FerEdge.Core.Frames;
using FerEdge.Pipeline.Output;
using FerEdge.Testing;
using FerEdge.Vision.Perception;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// A pipeline over a real source, the real front end (shipped defaults) and <see cref="MouthWidthModel"/>, whose
/// stages run on virtual-time schedulers: <see cref="Capture"/> reads and paces, <see cref="Stages"/> runs vision,
/// inference and publishing (the same scheduler unless the test wants the stages to lag behind capture).
/// </summary>
internal sealed class VirtualRun : IDisposable
{
    private readonly PipelineStages _stages;
    private readonly PipelineSchedulers _schedulers;

    public VirtualRun(IFrameSource source, PipelineOptions options, bool stagesApart = false, IReadOnlyList<IOutcomeSink>? sinks = null)
    {
        Capture = new HistoricalScheduler();
        Stages = stagesApart ? new HistoricalScheduler() : Capture;
        // The shipped defaults, as run builds its stages; only the model files' folder is the test's.
        _stages = PipelineStages.Create(
            new PipelineStagesOptions { Landmarker = new FaceLandmarkerOptions { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface") } },
            Model);
        _schedulers = new PipelineSchedulers(Capture, Stages, Stages, Stages);
        Pipeline = new FerEdgePipeline(
            source,
            _stages.NewPerception(),
            _stages.NewEmotionStage(),
            sinks ?? [],
            options,
            _schedulers,
            TimeProvider.System,
            NullLogger.Instance);
    }

    public MouthWidthModel Model { get; } = new();

    public HistoricalScheduler Capture { get; }

    public HistoricalScheduler Stages { get; }

    public FerEdgePipeline Pipeline { get; }

    public PipelineCounters Counters => Pipeline.Counters;

    /// <summary>Starts the run; with one scheduler, drives it until no work is left, which ends the run.</summary>
    public Task Start(CancellationToken cancellationToken)
    {
        var run = Pipeline.RunAsync(cancellationToken);
        if (ReferenceEquals(Capture, Stages))
        {
            Capture.Start();
        }

        return run;
    }

    public void Dispose()
    {
        Pipeline.Dispose();
        _schedulers.Dispose();
        _stages.Dispose();
    }
}
