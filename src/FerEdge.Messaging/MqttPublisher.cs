using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using FerEdge.Core.Contract;
using MQTTnet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Messaging;

/// <summary>
/// Publishes a device's messages to an MQTT broker through a bounded outbox, and keeps the connection up by itself.
/// <para>
/// Thread-safety: <see cref="Enqueue(MqttTopic, ReadOnlyMemory{byte})"/> and its overloads,
/// <see cref="GetCounters"/> and <see cref="IsConnected"/> are safe from any number of threads at once. Enqueue never
/// blocks on the network and never throws because the broker is down: it rate-limits the message, puts it in the
/// outbox (dropping the oldest message when the outbox is full) and returns. One background loop owns the MQTT
/// client: it connects (with exponential backoff and jitter between failed attempts), publishes the retained
/// <c>online</c> status after every connect, then sends the outbox in order. While disconnected the outbox keeps
/// the newest <see cref="MqttPublisherOptions.OutboxCapacity"/> messages, so memory stays bounded however long
/// the broker is away. Every message that is not published is counted under its <see cref="MqttDropReason"/>.
/// </para>
/// <para>
/// The broker holds a Last Will (retained <c>offline</c> status, QoS 1) that it publishes if this process dies or
/// the connection goes silent for 1.5 keep-alive periods. <see cref="DisposeAsync"/> is the clean shutdown: it
/// flushes the outbox, publishes the retained <c>offline</c> status itself, then disconnects (so no Will fires).
/// <see cref="Start"/> and <see cref="DisposeAsync"/> are called by the owner, once each.
/// </para>
/// </summary>
public sealed partial class MqttPublisher : IAsyncDisposable
{
    private readonly MqttPublisherOptions _options;
    private readonly ILogger _logger;
    private readonly string _topicRoot;
    private readonly string _clientId;
    private readonly Lock _status = new();
    private StatusPayload _onlineStatus;
    private string? _degradedReason;
    private byte[] _onlinePayload;
    private readonly byte[] _offlinePayload;
    private readonly Channel<OutboxMessage> _outbox;
    private readonly FrozenDictionary<string, TokenBucket> _limits;
    private readonly ConcurrentDictionary<string, string> _fullTopics = new(StringComparer.Ordinal);
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _dropped = new long[Enum.GetValues<MqttDropReason>().Length];
    private long _enqueued;
    private long _published;
    private long _connects;
    private long _connectFailures;
    private volatile bool _connected;
    private int _started;
    private int _disposed;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates a publisher; nothing touches the network until <see cref="Start"/>.</summary>
    /// <param name="options">Broker, device id, limits; validated here.</param>
    /// <param name="onlineStatus">The status published (retained) on every connect; its <c>offline</c> twin is the Last Will.</param>
    /// <param name="logger">Connection events; none when null.</param>
    /// <param name="meterFactory">
    /// Creates the <c>FerEdge</c> meter for the <c>feredge.mqtt.*</c> instruments (the factory owns it); when null the
    /// publisher creates its own and disposes it with itself.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid, or the status's state is not <c>online</c>.</exception>
    public MqttPublisher(
        MqttPublisherOptions options, StatusPayload onlineStatus, ILogger<MqttPublisher>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onlineStatus);
        options.Validate();
        if (onlineStatus.State != StatusPayload.Online)
        {
            throw new ArgumentException($"the status to publish on connect must be '{StatusPayload.Online}', not '{onlineStatus.State}'", nameof(onlineStatus));
        }

        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _topicRoot = MqttTopics.Root(options.DeviceId);
        _clientId = "feredge-" + options.DeviceId;
        _onlineStatus = onlineStatus;
        _onlinePayload = MqttPayloads.Serialize(onlineStatus);
        _offlinePayload = MqttPayloads.Serialize(onlineStatus with { State = StatusPayload.Offline });
        _limits = options.RateLimits.ToFrozenDictionary(
            kv => kv.Key, kv => new TokenBucket(kv.Value, options.TimeProvider), StringComparer.Ordinal);

        // DropOldest keeps TryWrite non-blocking and always successful until completion; the callback runs under the
        // channel's lock for each evicted message, which is where the outbox-full drops are counted.
        _outbox = Channel.CreateBounded<OutboxMessage>(
            new BoundedChannelOptions(options.OutboxCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => CountDrop(MqttDropReason.OutboxFull));

        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        if (options.OnCommand is not null)
        {
            _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        }

        _clientOptions = BuildClientOptions();
        _meter = CreateMeter(meterFactory);
        _ownsMeter = meterFactory is null;
    }

    /// <summary>The topic root of this publisher's device, <c>feredge/{deviceId}/</c>.</summary>
    public string TopicRoot => _topicRoot;

    /// <summary>Whether the publisher is connected and has announced itself online. Safe from any thread.</summary>
    public bool IsConnected => _connected;

    /// <summary>
    /// Completes when the publisher has connected and announced itself online for the first time; never fails (a
    /// publisher that never connects leaves it pending, so wait on it with a timeout).
    /// </summary>
    public Task FirstConnected => _firstConnected.Task;

    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the background connect-and-send loop. Returns at once; a second call does nothing.</summary>
    /// <exception cref="ObjectDisposedException">The publisher was disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Announces the device degraded with <paramref name="reason"/> (for example "camera lost"), or online again when
    /// it is null. The retained status is published now when connected, and on every later connect. Safe from any
    /// thread; the last call wins.
    /// </summary>
    public void SetDegraded(string? reason)
    {
        lock (_status)
        {
            _degradedReason = reason;
            AnnounceStatus();
        }
    }

    /// <summary>
    /// Names the person whose profile the device applies in the retained status (null: the session profile), published
    /// now when connected and on every later connect. Safe from any thread; the last call wins.
    /// </summary>
    public void SetPerson(string? person)
    {
        lock (_status)
        {
            _onlineStatus = _onlineStatus with { Person = person };
            AnnounceStatus();
        }
    }

    private void AnnounceStatus()
    {
        var status = _degradedReason is null ? _onlineStatus : _onlineStatus with { State = StatusPayload.Degraded, Reason = _degradedReason };
        var payload = MqttPayloads.Serialize(status);
        Volatile.Write(ref _onlinePayload, payload);
        if (_connected)
        {
            Enqueue(MqttTopics.Status, payload);
        }
        else
        {
            // A bridge keeps its broker told even while this publisher's own broker is away.
            Mirror(MqttTopics.Status, payload);
        }
    }

    /// <summary>
    /// Queues a pre-serialised UTF-8 payload for <paramref name="topic"/>, published with the topic's QoS and retain
    /// flag. Never blocks, never throws for broker trouble. The payload is not copied: the caller must not change
    /// the memory behind it afterwards.
    /// </summary>
    /// <returns>True when queued; false when the topic's rate limit refused it or the publisher is disposed (both counted).</returns>
    public bool Enqueue(MqttTopic topic, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        Interlocked.Increment(ref _enqueued);
        if (_limits.TryGetValue(topic.Suffix, out var bucket) && !bucket.TryTake())
        {
            CountDrop(MqttDropReason.RateLimited);
            return false;
        }

        Mirror(topic, payload);
        if (!_outbox.Writer.TryWrite(new OutboxMessage(topic, payload)))
        {
            CountDrop(MqttDropReason.Shutdown);
            return false;
        }

        return true;
    }

    /// <summary>Serialises <paramref name="value"/> to UTF-8 JSON on the caller's thread, then queues it as above.</summary>
    public bool Enqueue<T>(MqttTopic topic, T value, JsonTypeInfo<T> typeInfo) =>
        Enqueue(topic, MqttPayloads.Serialize(value, typeInfo));

    /// <summary>Serialises <paramref name="value"/> with <paramref name="serializer"/> on the caller's thread, then queues it.</summary>
    public bool Enqueue<T>(MqttTopic topic, T value, Func<T, ReadOnlyMemory<byte>> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        return Enqueue(topic, serializer(value));
    }

    /// <summary>Takes a consistent-enough snapshot of the counters. Safe from any thread.</summary>
    public MqttPublisherCounters GetCounters()
    {
        var connects = Interlocked.Read(ref _connects);
        return new MqttPublisherCounters(
            Interlocked.Read(ref _enqueued),
            Interlocked.Read(ref _published),
            Interlocked.Read(ref _dropped[(int)MqttDropReason.OutboxFull]),
            Interlocked.Read(ref _dropped[(int)MqttDropReason.RateLimited]),
            Interlocked.Read(ref _dropped[(int)MqttDropReason.SendFailed]),
            Interlocked.Read(ref _dropped[(int)MqttDropReason.Shutdown]),
            _outbox.Reader.Count,
            connects,
            Math.Max(0, connects - 1),
            Interlocked.Read(ref _connectFailures),
            _connected);
    }

    /// <summary>
    /// Clean shutdown: stops the loop, and if connected flushes the outbox, publishes the retained <c>offline</c>
    /// status and disconnects, all within <see cref="MqttPublisherOptions.ShutdownTimeout"/>. Whatever is left is
    /// counted as <see cref="MqttDropReason.Shutdown"/>. Never throws for broker trouble.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation; anything else it already logged.
        }

        await ShutdownConnectionAsync().ConfigureAwait(false);
        while (_outbox.Reader.TryRead(out _))
        {
            CountDrop(MqttDropReason.Shutdown);
        }

        _connected = false;
        _client.DisconnectedAsync -= OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync -= OnMessageReceivedAsync;
        _client.Dispose();
        _stop.Dispose();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void CountDrop(MqttDropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    private string FullTopic(MqttTopic topic) =>
        _fullTopics.TryGetValue(topic.Suffix, out var full) ? full : _fullTopics.GetOrAdd(topic.Suffix, _topicRoot + topic.Suffix);
}
