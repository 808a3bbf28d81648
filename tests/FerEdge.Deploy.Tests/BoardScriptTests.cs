using FerEdge.Testing;

namespace FerEdge.Deploy.Tests;

/// <summary>
/// deploy/board.sh for real on a scratch prefix, with a recording stand-in for systemctl (this machine runs no
/// systemd): rollback switches the <c>current</c> link to the release before the active one and restarts.
/// </summary>
public sealed class BoardScriptTests
{
    [Fact]
    public void Rollback_ThreeReleases_SwitchesToTheOneBeforeTheActiveAndRestarts()
    {
        var (prefix, calls, env) = Board();
        foreach (var release in (string[])["20260101-000000-aaaaaaa", "20260102-000000-bbbbbbb", "20260103-000000-ccccccc"])
        {
            Directory.CreateDirectory(Path.Combine(prefix, "releases", release));
        }

        File.CreateSymbolicLink(Path.Combine(prefix, "current"), "releases/20260102-000000-bbbbbbb");
        var result = BoardScript(env, "--prefix", prefix, "rollback");
        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Equal("releases/20260101-000000-aaaaaaa", new FileInfo(Path.Combine(prefix, "current")).LinkTarget);
        Assert.Equal(["restart fer-edge.service"], File.ReadAllLines(calls));
    }

    [Fact]
    public void Rollback_OldestActive_FailsNamingItAndKeepsTheLink()
    {
        var (prefix, calls, env) = Board();
        Directory.CreateDirectory(Path.Combine(prefix, "releases", "20260101-000000-aaaaaaa"));
        Directory.CreateDirectory(Path.Combine(prefix, "releases", "20260102-000000-bbbbbbb"));
        File.CreateSymbolicLink(Path.Combine(prefix, "current"), "releases/20260101-000000-aaaaaaa");
        var result = BoardScript(env, "--prefix", prefix, "rollback");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no release older than 20260101-000000-aaaaaaa", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("releases/20260101-000000-aaaaaaa", new FileInfo(Path.Combine(prefix, "current")).LinkTarget);
        Assert.False(File.Exists(calls));
    }

    [Fact]
    public void Install_NotABundle_FailsNamingTheFolder()
    {
        var (prefix, _, env) = Board();
        var notBundle = TestPaths.NewScratchFolder("not-a-bundle");
        var result = BoardScript(env, "--prefix", prefix, "install", notBundle);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{notBundle} is not a FerEdge bundle", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(prefix, "releases")));
    }

    private static (string Prefix, string Calls, Dictionary<string, string?> Environment) Board()
    {
        var scratch = TestPaths.NewScratchFolder("board");
        var bin = Directory.CreateDirectory(Path.Combine(scratch, "bin")).FullName;
        var calls = Path.Combine(scratch, "systemctl.calls");
        var systemctl = Path.Combine(bin, "systemctl");
        File.WriteAllText(systemctl, $"#!/bin/sh\necho \"$*\" >> '{calls}'\n");
        Assert.Equal(0, ChildProcess.Run("chmod", ["+x", systemctl], scratch, TimeSpan.FromSeconds(10)).ExitCode);
        var prefix = Directory.CreateDirectory(Path.Combine(scratch, "opt")).FullName;
        var path = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        return (prefix, calls, new Dictionary<string, string?> { ["PATH"] = path });
    }

    private static ChildProcessResult BoardScript(Dictionary<string, string?> environment, params string[] args) =>
        ChildProcess.Run("bash", [TestPaths.InRepo("deploy", "board.sh"), .. args], TestPaths.Root, TimeSpan.FromSeconds(30), environment);
}
