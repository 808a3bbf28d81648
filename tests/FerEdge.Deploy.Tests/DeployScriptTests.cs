using FerEdge.Testing;

namespace FerEdge.Deploy.Tests;

/// <summary>
/// deploy.sh and deploy/board.sh in <c>--dry-run</c>: every step of an install, here and on the board, is printed,
/// and nothing is built, copied or contacted. Bad command lines fail with a message naming the problem.
/// </summary>
public sealed class DeployScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void DryRunInstall_PrintsEveryStepHereAndOnTheBoard()
    {
        var before = ListArtifacts();
        var result = Deploy("--dry-run", "--host", "pi@board.local", "install");
        Assert.True(result.ExitCode == 0, result.Transcript);
        var lines = Commands(result.StandardOutput);

        // Here: a self-contained linux-arm64 publish, the bundle with config, models and checksums, the upload.
        AssertStep(lines, "dotnet publish", "-r linux-arm64", "--self-contained");
        AssertStep(lines, "cp", "config/fer-edge.json");
        AssertStep(lines, "cp -a", "models/third_party/blazeface");
        AssertStep(lines, "sha256sum > SHA256SUMS");
        AssertStep(lines, "pi@board.local:fer-edge-upload/");
        AssertStep(lines, "ssh pi@board.local", "board.sh install fer-edge-upload/");

        // On the board: packages, model and bundle checks, the unprivileged user, the unit, the switch, the restart.
        AssertStep(lines, "apt-get install", "ffmpeg", "libdlib-data");
        AssertStep(lines, "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f", "sha256sum -c");
        AssertStep(lines, "sha256sum -c --quiet SHA256SUMS");
        AssertStep(lines, "useradd --system", "--groups video", "feredge");
        AssertStep(lines, "fer-edge.service.in", "/etc/systemd/system/fer-edge.service");
        AssertStep(lines, "systemctl enable fer-edge.service");
        AssertStep(lines, "install -d -m 0700 -o feredge -g feredge /var/lib/fer-edge");
        AssertStep(lines, "runuser -u feredge", "FEREDGE__StateDirectory=/var/lib/fer-edge", "fer-edge ca --out /var/lib/fer-edge/");
        AssertStep(lines, "ln -sfn releases/");
        AssertStep(lines, "systemctl restart fer-edge.service");

        // The bundle's version is the same on both sides.
        var version = System.Text.RegularExpressions.Regex.Match(result.StandardOutput, @"fer-edge-upload/(\d{8}-\d{6}-\w+)").Groups[1].Value;
        Assert.NotEmpty(version);
        AssertStep(lines, $"cp -a fer-edge-upload/{version} /opt/fer-edge/releases/{version}");

        // Nothing was built or assembled.
        Assert.Equal(before, ListArtifacts());
    }

    [Theory]
    [InlineData("rollback", "systemctl restart fer-edge.service")]
    [InlineData("status", "systemctl --no-pager status fer-edge.service")]
    [InlineData("logs", "journalctl --no-pager -u fer-edge.service")]
    [InlineData("uninstall", "systemctl disable --now fer-edge.service")]
    public void DryRunBoardCommand_SendsBoardScriptOverSshAndPrintsItsSteps(string command, string boardStep)
    {
        var result = Deploy("--dry-run", "--host", "pi@board.local", command);
        Assert.True(result.ExitCode == 0, result.Transcript);
        var lines = Commands(result.StandardOutput);
        AssertStep(lines, "ssh pi@board.local", $"'sudo bash -s -- {command}' < ", "deploy/board.sh");
        AssertStep(lines, boardStep);
    }

    [Fact]
    public void DryRunUninstallPurge_RemovesConfigurationStateAndUser()
    {
        var result = Deploy("--dry-run", "--host", "pi@board.local", "uninstall", "--purge");
        Assert.True(result.ExitCode == 0, result.Transcript);
        var lines = Commands(result.StandardOutput);
        AssertStep(lines, "rm -rf /opt/fer-edge");
        AssertStep(lines, "rm -f /etc/fer-edge/fer-edge.json");
        AssertStep(lines, "userdel feredge");
    }

    [Fact]
    public void DryRunUserAdd_SendsThePasswordFileOverSshStandardInputOnly()
    {
        var folder = TestPaths.NewScratchFolder("deploy-user");
        var passwordFile = Path.Combine(folder, "carol.password");
        File.WriteAllText(passwordFile, "a-secret-never-printed\n");
        var result = Deploy("--dry-run", "--host", "pi@board.local", "user", "add", "carol", "--role", "caregiver", "--password-file", passwordFile);
        Assert.True(result.ExitCode == 0, result.Transcript);
        AssertStep(Commands(result.StandardOutput), "ssh pi@board.local", "board.sh user add carol --role caregiver", $"< {passwordFile}");
        Assert.DoesNotContain("a-secret-never-printed", result.Transcript, StringComparison.Ordinal);

        var ca = Deploy("--dry-run", "--host", "pi@board.local", "ca", "--out", Path.Combine(folder, "board-ca.pem"));
        Assert.True(ca.ExitCode == 0, ca.Transcript);
        AssertStep(Commands(ca.StandardOutput), "ssh pi@board.local", "'sudo bash -s -- ca' < ", "board-ca.pem");
        Assert.Equal(2, Deploy("--host", "pi@board.local", "user", "add", "carol", "--role", "caregiver").ExitCode);
    }

    [Fact]
    public void Help_GivesEveryCommandAndOptionALineAndExamples()
    {
        var result = Deploy("--help");
        Assert.True(result.ExitCode == 0, result.Transcript);
        var lines = result.StandardOutput.Split('\n');
        foreach (var word in (string[])["bundle", "install", "status", "logs", "rollback", "uninstall", "user add", "user list", "user remove", "ca --out",
                     "--host", "--ssh-option", "--sudo", "--dry-run", "--help"])
        {
            Assert.Contains(lines, l => l.TrimStart().StartsWith(word, StringComparison.Ordinal) || l.TrimStart().StartsWith("-h, " + word, StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.TrimStart().StartsWith("deploy.sh --host", StringComparison.Ordinal));
        Assert.DoesNotContain("set -euo", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void DryRunLogs_PassesJournalArguments()
    {
        var result = Deploy("--dry-run", "--host", "pi@board.local", "logs", "-n", "50");
        Assert.True(result.ExitCode == 0, result.Transcript);
        AssertStep(Commands(result.StandardOutput), "journalctl --no-pager -u fer-edge.service -n 50");
    }

    [Theory]
    [InlineData(new[] { "install" }, "--host")]
    [InlineData(new[] { "--host", "pi@board", "deploy-everything" }, "deploy-everything")]
    [InlineData(new[] { "--colour", "status" }, "--colour")]
    [InlineData(new[] { "--host", "pi@board", "uninstall", "--everything" }, "--purge")]
    [InlineData(new[] { "--host", "pi@board", "install", "--bundle", "/no/such/bundle" }, "/no/such/bundle")]
    public void BadCommandLine_FailsNamingTheProblem(string[] args, string named)
    {
        var result = Deploy(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceTemplate_RestartsAlwaysAsUnprivilegedUserInVideoGroup()
    {
        var unit = File.ReadAllLines(TestPaths.InRepo("deploy", "fer-edge.service.in"));
        Assert.Contains("Restart=always", unit);
        Assert.Contains("User=@USER@", unit);
        Assert.Contains("SupplementaryGroups=video", unit);
        Assert.Contains("ExecStart=@PREFIX@/current/fer-edge run --config @CONFIG@", unit);
        Assert.Contains("WantedBy=multi-user.target", unit);
    }

    [Fact]
    public void ServiceTemplate_NotifyTypeWithWatchdog()
    {
        var unit = File.ReadAllLines(TestPaths.InRepo("deploy", "fer-edge.service.in"));
        Assert.Contains("Type=notify", unit);
        Assert.Contains("NotifyAccess=main", unit);
        Assert.Contains(unit, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal) && int.Parse(l["WatchdogSec=".Length..], System.Globalization.CultureInfo.InvariantCulture) is >= 5 and <= 120);
    }

    private static ChildProcessResult Deploy(params string[] args) =>
        ChildProcess.Run(
            "bash",
            [TestPaths.InRepo("deploy.sh"), .. args],
            TestPaths.Root,
            Timeout,
            new Dictionary<string, string?> { ["FEREDGE_BOARD"] = null });

    private static string[] Commands(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("+ ", StringComparison.Ordinal)).ToArray();

    private static void AssertStep(string[] commands, params string[] parts)
    {
        var found = commands.Any(c => parts.All(p => c.Contains(p, StringComparison.Ordinal)));
        Assert.True(found, $"no printed step contains all of [{string.Join(" | ", parts)}] in:\n{string.Join('\n', commands)}");
    }

    private static string[] ListArtifacts()
    {
        var dir = TestPaths.InRepo("artifacts", "deploy");
        return Directory.Exists(dir) ? Directory.GetDirectories(dir).Order(StringComparer.Ordinal).ToArray() : [];
    }
}
