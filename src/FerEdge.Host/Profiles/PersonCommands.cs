using System.Threading.Channels;
using FerEdge.Core.Adaptation;
using FerEdge.Core.Contract;
using FerEdge.Core.Emotions;
using FerEdge.Pipeline.Adaptation;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Profiles;

/// <summary>
/// Runs the device's commands (<see cref="DeviceCommand"/>) on its own task, one after another, and answers each with
/// a <see cref="CommandReply"/>: names the person in front, calibrates their neutral, learns and undoes corrections,
/// removes profiles. Every change is saved to the <see cref="ProfileStore"/> and handed to the emotion stage as a new
/// <see cref="ProfileSnapshot"/> through <see cref="PersonalAdaptation"/>, so the frame path never waits for a
/// command. With no person named, a session profile applies: in memory only, never written.
/// </summary>
/// <remarks>
/// <see cref="Post"/> is safe from any thread and never blocks (the MQTT client's receive loop calls it); a full
/// queue answers "busy" at once. <see cref="Start"/> and <see cref="DisposeAsync"/> are called once each by the owner.
/// </remarks>
public sealed class PersonCommands : IAsyncDisposable
{
    /// <summary>Commands waiting at most; more are answered "busy".</summary>
    public const int QueueCapacity = 16;

    /// <summary>Default length of a neutral calibration, seconds.</summary>
    public const double DefaultCalibrationSeconds = 3;

    /// <summary>Longest calibration, seconds.</summary>
    public const double MaxCalibrationSeconds = 30;

    private readonly ProfileStore _store;
    private readonly PersonalAdaptation _adaptation;
    private readonly Action<byte[]> _reply;
    private readonly Action<string?> _announcePerson;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _takesShift;
    private readonly bool _shiftsScores;
    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private PersonProfile _profile;
    private string? _person;
    private Task _loop = Task.CompletedTask;

    /// <summary>A handler over <paramref name="store"/> feeding <paramref name="adaptation"/>.</summary>
    /// <param name="store">The profiles on disk.</param>
    /// <param name="adaptation">Where the emotion stage picks up the current profile.</param>
    /// <param name="takesShift">Whether the models take a neutral shift (calibration is refused otherwise).</param>
    /// <param name="shiftsScores">Whether a calibrated neutral shifts the scores' inputs, or serves the reason's cues only (<c>Profiles:NeutralShiftsScores</c>).</param>
    /// <param name="reply">Sends one reply payload (non-blocking).</param>
    /// <param name="announcePerson">Names the current person in the status (non-blocking).</param>
    /// <param name="time">Clock of calibrations.</param>
    /// <param name="logger">Commands and their outcomes.</param>
    public PersonCommands(ProfileStore store, PersonalAdaptation adaptation, bool takesShift, bool shiftsScores, Action<byte[]> reply, Action<string?> announcePerson, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(adaptation);
        _store = store;
        _adaptation = adaptation;
        _takesShift = takesShift;
        _shiftsScores = shiftsScores;
        _reply = reply;
        _announcePerson = announcePerson;
        _time = time;
        _logger = logger;
        _profile = store.Create("session");
    }

    /// <summary>The current person, or null for the session profile.</summary>
    public string? Person => Volatile.Read(ref _person);

    /// <summary>Starts the command loop.</summary>
    public void Start()
    {
        _adaptation.Use(ProfileSnapshot.Population);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Queues one command payload; answers "busy" at once when the queue is full.</summary>
    public void Post(ReadOnlyMemory<byte> payload)
    {
        var bytes = payload.ToArray();
        if (!_queue.Writer.TryWrite(bytes))
        {
            var name = DeviceCommand.TryParse(bytes, out var command, out var id, out _) ? command!.Name : null;
            Send(new CommandReply(id, name, $"busy: {QueueCapacity} commands are waiting, try again"));
        }
    }

    /// <summary>Stops the loop (a running calibration ends unanswered).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        _adaptation.EndCalibration();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        await foreach (var payload in _queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            CommandReply reply;
            if (!DeviceCommand.TryParse(payload, out var command, out var id, out var error))
            {
                reply = new CommandReply(id, null, error);
            }
            else
            {
                try
                {
                    reply = await RunAsync(command!, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                {
                    reply = State(new CommandReply(command!.Id, command.Name, $"{command.Name} failed: {e.Message}"));
                }
            }

            if (reply.Ok)
            {
                HostLog.CommandHandled(_logger, reply.Command ?? "?", reply.Id ?? "?", reply.Person ?? "(session)", reply.Corrections ?? 0, reply.Calibrated ?? false);
            }
            else
            {
                HostLog.CommandRefused(_logger, reply.Id ?? "(no id)", reply.Error!);
            }

            Send(reply);
        }
    }

    private async Task<CommandReply> RunAsync(DeviceCommand c, CancellationToken ct)
    {
        var reply = new CommandReply(c.Id, c.Name, null);
        switch (c.Name)
        {
            case DeviceCommand.SetPerson:
                if (!PersonId.TryNormalize(c.Person, out var person, out var error))
                {
                    return reply with { Error = $"set_person: {error}" };
                }

                if (person != _person)
                {
                    var profile = _store.Load(person, out _);
                    if (profile is null)
                    {
                        profile = _store.Create(person);
                        _store.Save(profile);
                    }

                    _profile = profile;
                    Volatile.Write(ref _person, person);
                    _announcePerson(person);
                    Apply();
                }

                return State(reply);

            case DeviceCommand.CalibrateNeutral:
                return await CalibrateAsync(c, reply, ct).ConfigureAwait(false);

            case DeviceCommand.Correct:
                if (!EmotionLabels.TryParse(c.Emotion, out var label))
                {
                    return State(reply with { Error = c.Emotion is null ? "correct: 'emotion' is needed" : $"correct: '{c.Emotion}' is not an emotion (one of {string.Join(", ", EmotionLabels.WireLabels)})" });
                }

                var frames = _adaptation.Recent();
                if (frames.Length == 0)
                {
                    return State(reply with { Error = $"correct: no face in the last {_adaptation.RecentSeconds:0.#} s, nothing to label" });
                }

                _profile.Readout.Correct(label, frames);
                Changed();
                return State(reply with { Frames = frames.Length / EmotionLabels.Classified.Length });

            case DeviceCommand.Undo:
                if (!_profile.Readout.Undo())
                {
                    return State(reply with { Error = "undo: no correction to undo" });
                }

                Changed();
                return State(reply);

            case DeviceCommand.Reset:
                _profile.Readout.Reset();
                _profile.Neutral.Clear();
                _profile.SetNeutralShape([]);
                Changed();
                return State(reply);

            case DeviceCommand.RemovePerson:
                if (!PersonId.TryNormalize(c.Person, out var removed, out var removeError))
                {
                    return State(reply with { Error = $"remove_person: {removeError}" });
                }

                if (!_store.Delete(removed) && removed != _person)
                {
                    return State(reply with { Error = $"remove_person: unknown person '{removed}'" });
                }

                if (removed == _person)
                {
                    _profile = _store.Create("session");
                    Volatile.Write(ref _person, null);
                    _announcePerson(null);
                    Apply();
                }

                return State(reply);

            default:
                return State(reply);
        }
    }

    private async Task<CommandReply> CalibrateAsync(DeviceCommand c, CommandReply reply, CancellationToken ct)
    {
        var seconds = c.Seconds ?? DefaultCalibrationSeconds;
        if (!(seconds >= 1 && seconds <= MaxCalibrationSeconds))
        {
            return State(reply with { Error = $"calibrate_neutral: 'seconds' is {seconds}, it must be 1..{MaxCalibrationSeconds}" });
        }

        if (!_takesShift)
        {
            return State(reply with { Error = "calibrate_neutral: these models take no neutral shift" });
        }

        var neutral = _store.Create(_person ?? "session").Neutral;
        _adaptation.BeginCalibration(neutral);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), _time, ct).ConfigureAwait(false);
        }
        finally
        {
            _adaptation.EndCalibration();
        }

        if (neutral.Frames == 0)
        {
            return State(reply with { Error = $"calibrate_neutral: no face in {seconds:0.#} s, nothing calibrated", Frames = 0 });
        }

        _profile.Neutral.Restore(neutral.Mean(), neutral.Frames);
        _profile.SetNeutralShape(_adaptation.CalibratedShape());
        Changed();
        return State(reply with { Frames = neutral.Frames });
    }

    /// <summary>Saves a person's changed profile (never the session's) and applies it.</summary>
    private void Changed()
    {
        Apply();
        if (_person is not null)
        {
            _store.Save(_profile);
        }
    }

    private void Apply()
    {
        var p = _profile;
        var calibrated = p.Calibrated && _takesShift;
        _adaptation.Use(new ProfileSnapshot(
            _person, calibrated && _shiftsScores ? p.Neutral.Shift.ToArray() : [], p.Readout.IsPopulation ? null : p.CopyReadout(), calibrated ? p.NeutralShape.ToArray() : []));
    }

    private CommandReply State(CommandReply reply) =>
        reply with { Person = _person, Corrections = _profile.Corrections, Calibrated = _profile.Calibrated };

    private void Send(CommandReply reply) => _reply(reply.ToJson());
}
