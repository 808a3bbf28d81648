using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using FerEdge.Host.Profiles;
using FerEdge.Pipeline.Adaptation;
using FerEdge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Host.Tests;

/// <summary>
/// The device's command handler without a broker: replies to bad and refused commands name the problem, a
/// calibration that sees no face says so once its (virtual) seconds have passed, and the session profile is never
/// written while a named person's is.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PersonCommandsTests : IAsyncDisposable
{
    private readonly Channel<JsonElement> _replies = Channel.CreateUnbounded<JsonElement>();
    private readonly ManualTimeProvider _time = new();
    private readonly PersonalAdaptation _adaptation = new();
    private readonly ProfileStore _store;
    private readonly PersonCommands _commands;

    public PersonCommandsTests()
    {
        _store = new ProfileStore(
            Path.Combine(TestPaths.NewScratchFolder("person-commands"), "profiles"), "sha256:test", [0f, 1f], [true, true], _time, NullLogger.Instance);
        _commands = new PersonCommands(
            _store, _adaptation, takesShift: true, shiftsScores: true, reply => _replies.Writer.TryWrite(JsonDocument.Parse(reply).RootElement.Clone()), _ => { }, _time, NullLogger.Instance);
        _commands.Start();
    }

    public async ValueTask DisposeAsync() => await _commands.DisposeAsync();

    [Theory]
    [InlineData("""{"id":"a","command":"set_person","person":"../etc"}""", "set_person: person id '../etc' must start with a letter or digit")]
    [InlineData("""{"id":"b","command":"correct","emotion":"happy"}""", "correct: no face in the last 1 s")]
    [InlineData("""{"id":"c","command":"undo"}""", "undo: no correction to undo")]
    [InlineData("""{"id":"d","command":"remove_person","person":"nobody"}""", "remove_person: unknown person 'nobody'")]
    [InlineData("""{"id":"e","command":"calibrate_neutral","seconds":60}""", "'seconds' is 60, it must be 1..30")]
    [InlineData("""{"id":"f","command":"correct"}""", "correct: 'emotion' is needed")]
    public async Task Post_ACommandThatCannotRun_RepliesOkFalseNamingTheProblem(string json, string expected)
    {
        var reply = await SendAsync(json);

        Assert.False(reply.GetProperty("ok").GetBoolean());
        Assert.Contains(expected, reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonDocument.Parse(json).RootElement.GetProperty("id").GetString(), reply.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Calibrate_NoFaceInTheWindow_SaysSoWhenTheSecondsHavePassed()
    {
        _commands.Post(Encoding.UTF8.GetBytes("""{"id":"cal","command":"calibrate_neutral","seconds":2}"""));
        while (!_adaptation.Calibrating)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.False(_replies.Reader.TryRead(out _));

        // The handler's timer may start just after the calibration does: move the clock until the reply comes.
        while (!_replies.Reader.TryPeek(out _))
        {
            _time.Advance(TimeSpan.FromSeconds(0.5));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var reply = await _replies.Reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.False(reply.GetProperty("ok").GetBoolean());
        Assert.Contains("no face in 2 s", reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(reply.GetProperty("calibrated").GetBoolean());
        Assert.False(_adaptation.Calibrating);
    }

    [Fact]
    public async Task SetPerson_WritesTheirProfile_TheSessionIsNeverWritten()
    {
        var session = await SendAsync("""{"id":"r","command":"reset"}""");
        Assert.True(session.GetProperty("ok").GetBoolean());
        Assert.False(Directory.Exists(_store.Directory) && Directory.EnumerateFiles(_store.Directory).Any());

        var set = await SendAsync("""{"id":"s","command":"set_person","person":"Lea"}""");

        Assert.Equal("lea", set.GetProperty("person").GetString());
        Assert.True(_store.Exists("lea"));
        Assert.Equal("lea", _adaptation.Current.Person);

        var removed = await SendAsync("""{"id":"x","command":"remove_person","person":"lea"}""");
        Assert.True(removed.GetProperty("ok").GetBoolean());
        Assert.False(_store.Exists("lea"));
        Assert.Null(_adaptation.Current.Person);
    }

    private async Task<JsonElement> SendAsync(string json)
    {
        _commands.Post(Encoding.UTF8.GetBytes(json));
        return await _replies.Reader.ReadAsync(TestContext.Current.CancellationToken);
    }
}
