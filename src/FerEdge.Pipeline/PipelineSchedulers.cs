using System.Reactive.Concurrency;

namespace FerEdge.Pipeline;

/// <summary>
/// Where each stage of a <see cref="FerEdgePipeline"/> runs: capture, vision (detection, landmarks, tracking),
/// inference (classifiers, decision, explanation) and publishing. Stages on different schedulers overlap; each
/// scheduler runs one item at a time. Tests pass virtual-time schedulers (for example one
/// <see cref="HistoricalScheduler"/> for all four).
/// </summary>
/// <remarks>Whoever creates the schedulers disposes them: <see cref="CreateThreads"/> returns an owner that does.</remarks>
public sealed class PipelineSchedulers : IDisposable
{
    private readonly IDisposable[] _owned;

    /// <summary>Uses the given schedulers; disposing this instance leaves them alone.</summary>
    public PipelineSchedulers(IScheduler capture, IScheduler vision, IScheduler inference, IScheduler publish)
        : this(capture, vision, inference, publish, [])
    {
    }

    private PipelineSchedulers(IScheduler capture, IScheduler vision, IScheduler inference, IScheduler publish, IDisposable[] owned)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(vision);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(publish);
        Capture = capture;
        Vision = vision;
        Inference = inference;
        Publish = publish;
        _owned = owned;
    }

    /// <summary>Reads frames from the source (and paces files in real time).</summary>
    public IScheduler Capture { get; }

    /// <summary>Detection, landmarks and tracking.</summary>
    public IScheduler Vision { get; }

    /// <summary>Classifiers, decision and explanations.</summary>
    public IScheduler Inference { get; }

    /// <summary>Serialisation and sinks.</summary>
    public IScheduler Publish { get; }

    /// <summary>One background thread per stage (named <c>feredge-capture</c>, ...), owned and disposed by the result.</summary>
    public static PipelineSchedulers CreateThreads()
    {
        static EventLoopScheduler Thread(string name) =>
            new(start => new System.Threading.Thread(start) { Name = "feredge-" + name, IsBackground = true });

        var capture = Thread("capture");
        var vision = Thread("vision");
        var inference = Thread("inference");
        var publish = Thread("publish");
        return new PipelineSchedulers(capture, vision, inference, publish, [capture, vision, inference, publish]);
    }

    /// <summary>Disposes the threads this instance created, if any.</summary>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
