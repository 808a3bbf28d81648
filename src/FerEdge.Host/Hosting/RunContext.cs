using System.Runtime.ExceptionServices;
using FerEdge.Host.Configuration;
using FerEdge.Messaging;
using FerEdge.Pipeline.Adaptation;

namespace FerEdge.Host.Hosting;

/// <summary>
/// What the hosted services of <c>fer-edge run</c> hand each other: <see cref="MessagingService"/> starts first and
/// sets <see cref="Publisher"/>; <see cref="PipelineService"/> announces the running pipeline, which the metrics and
/// health services wait for; a failure of the run is kept for the command to rethrow once the host has stopped.
/// </summary>
/// <remarks>Thread-safe: the services run on the thread pool.</remarks>
public sealed class RunContext(FerEdgeOptions options)
{
    private readonly TaskCompletionSource<RunningPipeline> _pipeline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile MqttPublisher? _publisher;
    private volatile ExceptionDispatchInfo? _failure;

    /// <summary>The validated settings of the run.</summary>
    public FerEdgeOptions Options { get; } = options;

    /// <summary>Where the command handler hands the current person's profile to the emotion stage.</summary>
    public PersonalAdaptation Adaptation { get; } = new();

    /// <summary>The device id: the second level of every topic.</summary>
    public string DeviceId => Options.Pipeline.DeviceId;

    /// <summary>The publisher, once <see cref="MessagingService"/> has started.</summary>
    public MqttPublisher Publisher
    {
        get => _publisher ?? throw new InvalidOperationException("the MQTT publisher has not started");
        set => _publisher = value;
    }

    /// <summary>The bridge's publisher to a care home's broker, when <c>Mqtt:Bridge</c> is set and it has started.</summary>
    public MqttPublisher? Bridge { get; set; }

    /// <summary>
    /// The running pipeline once it runs, or null when <paramref name="cancellationToken"/> is cancelled first (the
    /// host stops, or the pipeline could not be built).
    /// </summary>
    public async Task<RunningPipeline?> WaitForPipelineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>What ended the run, or null when it ended normally.</summary>
    public ExceptionDispatchInfo? Failure => _failure;

    /// <summary>Announces the running pipeline.</summary>
    public void PipelineStarted(RunningPipeline pipeline) => _pipeline.TrySetResult(pipeline);

    /// <summary>Records the first failure of the run.</summary>
    public void Fail(Exception exception) => _failure ??= ExceptionDispatchInfo.Capture(exception);
}
