using System.Diagnostics;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>Mqtt:Bridge</c> settings that cannot work stop <c>fer-edge run</c> before anything starts: exit code 2 and one
/// line naming the key, without repeating a password given in the URI.
/// </summary>
public sealed class BridgeSettingsTests
{
    [Theory]
    [InlineData("mqtt://192.0.2.10:1883", null, "loopback only")]
    [InlineData("mqtts://robot:secret-in-uri@broker.home.example:8883", null, "mqtts://[user@]host:port")]
    [InlineData("mqtts://robot@127.0.0.1:8883", "mqtt://127.0.0.1:1", "cannot be used with an external broker")]
    [InlineData("mqtts://127.0.0.1:8883", null, "needs a bridge with a user", "/nonexistent/bridge.pw")]
    public async Task Run_BadBridgeSettings_ExitTwoOneLine(string bridge, string? broker, string expected, string? passwordFile = null)
    {
        using var state = TestState.Create();
        var start = state.FerEdge(
            ["run", "--source", "lavfi:testsrc2=size=64x48:rate=5", "--http-port", "0", .. broker is null ? Array.Empty<string>() : ["--broker", broker]]);
        start.Environment["FEREDGE__Mqtt__Bridge"] = bridge;
        if (passwordFile is not null)
        {
            start.Environment["FEREDGE__Mqtt__BridgePasswordFile"] = passwordFile;
        }

        using var run = Process.Start(start)!;
        var err = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = await run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single((await err).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Mqtt:Bridge", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-uri", line, StringComparison.Ordinal);
    }
}
