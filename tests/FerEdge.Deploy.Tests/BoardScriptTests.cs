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

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void UserAddListRemoveAndCa_RunTheActiveReleaseOnTheStateFolder_AndLeaveNoPasswordBehind()
    {
        // The active release is this build's fer-edge (x64), started by a wrapper where the bundle has its executable.
        var (prefix, _, env) = Board();
        var release = Directory.CreateDirectory(Path.Combine(prefix, "releases", "20260101-000000-aaaaaaa")).FullName;
        var wrapper = Path.Combine(release, "fer-edge");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "fer-edge.dll")}' \"$@\"\n");
        Assert.Equal(0, ChildProcess.Run("chmod", ["+x", wrapper], release, TimeSpan.FromSeconds(10)).ExitCode);
        File.CreateSymbolicLink(Path.Combine(prefix, "current"), "releases/20260101-000000-aaaaaaa");
        var scratch = Path.GetDirectoryName(prefix)!;
        var state = Path.Combine(scratch, "state");
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = Path.Combine(scratch, "fer-edge.json");
        File.WriteAllText(config, "{}");
        var passwordFile = Path.Combine(scratch, "pw");
        File.WriteAllText(passwordFile, "carols-own-password\n");
        var me = ChildProcess.Run("id", ["-un"], scratch, TimeSpan.FromSeconds(10)).StandardOutput.Trim();
        string[] common = ["--prefix", prefix, "--user", me, "--state", state, "--config", config];

        var add = ChildProcess.Run(
            "bash",
            ["-c", $"bash '{TestPaths.InRepo("deploy", "board.sh")}' {string.Join(' ', common.Select(Quote))} user add carol --role caregiver < '{passwordFile}'"],
            TestPaths.Root,
            TimeSpan.FromSeconds(60),
            env);
        Assert.True(add.ExitCode == 0, add.Transcript);
        Assert.DoesNotContain("carols-own-password", add.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(state), f => Path.GetFileName(f).StartsWith(".password", StringComparison.Ordinal));
        var stored = File.ReadAllText(Path.Combine(state, "users.json"));
        Assert.Contains("\"carol\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("carols-own-password", stored, StringComparison.Ordinal);

        var list = BoardScript(env, [.. common, "user", "list"]);
        Assert.True(list.ExitCode == 0, list.Transcript);
        Assert.Contains("carol", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("caregiver", list.StandardOutput, StringComparison.Ordinal);

        var ca = BoardScript(env, [.. common, "ca"]);
        Assert.True(ca.ExitCode == 0, ca.Transcript);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", ca.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(state, "ca.crt")).Trim(), ca.StandardOutput.Trim());

        var remove = BoardScript(env, [.. common, "user", "remove", "carol"]);
        Assert.True(remove.ExitCode == 0, remove.Transcript);
        Assert.DoesNotContain("\"carol\"", File.ReadAllText(Path.Combine(state, "users.json")), StringComparison.Ordinal);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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
