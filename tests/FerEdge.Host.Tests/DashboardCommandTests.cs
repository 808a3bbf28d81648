using System.Diagnostics;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>fer-edge dashboard</c>'s command line: what the overview cannot run without (an external broker with a user,
/// its password file, a <c>wss://</c> WebSocket URL) and unknown options exit 2 with one line naming the problem.
/// The overview itself is tested end to end in the dashboard's fleet test.
/// </summary>
public sealed class DashboardCommandTests
{
    [Theory]
    [InlineData("", "needs the fleet's broker")]
    [InlineData("--broker embedded", "needs the fleet's broker")]
    [InlineData("--broker mqtts://broker.home.example:8883", "names no user")]
    [InlineData("--broker mqtts://dash@broker.home.example:8883", "Mqtt:PasswordFile")]
    [InlineData("--broker mqtts://dash@broker.home.example:8883 --broker-ws http://broker/mqtt", "Dashboard:BrokerWebSocketUrl")]
    [InlineData("--http-port 70000", "--http-port")]
    [InlineData("--source camera:0", "unknown option '--source'")]
    public async Task Dashboard_BadArguments_ExitTwoWithOneLine(string arguments, string named)
    {
        using var state = TestState.Create();
        using var p = Process.Start(state.FerEdge(["dashboard", .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]))!;
        var err = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, p.ExitCode);
        var line = Assert.Single((await err).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fer-edge: dashboard: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Dashboard_PlainWebSocketUrl_ExitTwoAskingForWss()
    {
        using var state = TestState.Create();
        var password = Path.Combine(state.Folder, "dash.pw");
        await File.WriteAllTextAsync(password, "a-dashboard-password\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var start = state.FerEdge(["dashboard", "--broker", "mqtts://dash@broker.home.example:8883", "--broker-ws", "ws://broker.home.example:9001/mqtt"]);
        start.Environment["FEREDGE__Mqtt__PasswordFile"] = password;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("must be wss://", Assert.Single((await err).Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
