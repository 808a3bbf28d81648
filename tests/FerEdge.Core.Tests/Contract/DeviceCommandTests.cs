using System.Text;
using System.Text.Json;
using FerEdge.Core.Contract;

namespace FerEdge.Core.Tests.Contract;

public sealed class DeviceCommandTests
{
    [Fact]
    public void TryParse_ACorrection_ReadsIdAndEmotion()
    {
        Assert.True(DeviceCommand.TryParse(Bytes("""{"schema":1,"id":"r1","command":"correct","emotion":"happy"}"""), out var c, out var id, out _));

        Assert.Equal("r1", id);
        Assert.Equal(new DeviceCommand("r1", "correct", null, "happy", null), c);
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("""{"command":"undo"}""", null, "no 'id'")]
    [InlineData("""{"id":"r2","command":"dance"}""", "r2", "unknown command 'dance'")]
    [InlineData("""{"id":"r3","command":"correct","emotion":5}""", "r3", "'emotion' must be a string")]
    [InlineData("""{"id":"r4","command":"undo","extra":1}""", "r4", "unknown field 'extra'")]
    [InlineData("""{"schema":9,"id":"r5","command":"undo"}""", "r5", "schema 9")]
    [InlineData("""{"id":"r8","command":"undo","command":"reset"}""", null, "not valid JSON")]
    public void TryParse_ABadCommand_NamesTheProblemAndKeepsTheId(string json, string? expectedId, string expected)
    {
        Assert.False(DeviceCommand.TryParse(Bytes(json), out var c, out var id, out var error));

        Assert.Null(c);
        Assert.Equal(expectedId, id);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AnOversizedPayload_IsRefusedUnread()
    {
        var json = $$"""{"id":"r6","command":"undo","pad":"{{new string('x', DeviceCommand.MaxBytes)}}"}""";

        Assert.False(DeviceCommand.TryParse(Bytes(json), out _, out var id, out var error));

        Assert.Null(id);
        Assert.Contains("at most 4096", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_AFailure_HasOkFalseTheIdAndTheError()
    {
        using var doc = JsonDocument.Parse(new CommandReply("r7", "correct", "no face in the last second").ToJson());

        Assert.Equal("r7", doc.RootElement.GetProperty("id").GetString());
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("no face in the last second", doc.RootElement.GetProperty("error").GetString());
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
