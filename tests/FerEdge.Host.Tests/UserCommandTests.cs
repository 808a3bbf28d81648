using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Security;
using FerEdge.Security;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>fer-edge user</c> and <c>fer-edge ca</c> as an operator runs them: the built fer-edge in its own process, the
/// state folder given by the environment variable <c>FEREDGE__StateDirectory</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UserCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserAdd_ThenList_ShowsNameRoleAndDevicesAndNeverAHash()
    {
        var (state, password) = NewState();

        var added = await FerEdgeAsync(state, "user", "add", "carol", "--role", "caregiver", "--password-file", password, "--devices", "robot1,robot2");
        var robot = await FerEdgeAsync(state, "user", "add", "rob", "--role", "robot", "--password-file", password);
        var list = await FerEdgeAsync(state, "user", "list");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(0, robot.ExitCode);
        Assert.Equal(0, list.ExitCode);
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal([["carol", "caregiver", "robot1,robot2"], ["rob", "robot", "*"]], lines);
        Assert.DoesNotContain("pbkdf2", list.Output, StringComparison.Ordinal);
        Assert.Equal(StateDirectories.FolderMode, File.GetUnixFileMode(state));
        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(Path.Combine(state, "users.json")));
    }

    [Fact]
    public async Task UserAdd_PasswordFileWithCrLf_StoresTheFirstLineWithoutItsLineEnd()
    {
        var (state, _) = NewState();
        var password = Path.Combine(state, "..", "crlf.txt");
        File.WriteAllText(password, "correct horse\r\nsecond line\r\n");

        Assert.Equal(0, (await FerEdgeAsync(state, "user", "add", "olga", "--role", "admin", "--password-file", password)).ExitCode);

        var users = new UserStore(state);
        Assert.Equal(Role.Admin, (await users.AuthenticateAsync("olga", "correct horse", Ct))?.Role);
        Assert.Null(await users.AuthenticateAsync("olga", "correct horse\r", Ct));
    }

    [Fact]
    public async Task UserAdd_TwoProcessesAtOnce_BothUsersSurvive()
    {
        var (state, password) = NewState();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            FerEdgeAsync(state, "user", "add", $"user{i}", "--role", "caregiver", "--password-file", password)));

        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(["user0", "user1", "user2", "user3"], new UserStore(state).List().Select(u => u.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UserRemove_KnownUser_IsGoneFromTheList()
    {
        var (state, password) = NewState();
        await FerEdgeAsync(state, "user", "add", "carol", "--role", "caregiver", "--password-file", password);

        var removed = await FerEdgeAsync(state, "user", "remove", "carol");

        Assert.Equal(0, removed.ExitCode);
        Assert.Empty(new UserStore(state).List());
    }

    [Theory]
    [InlineData("user frob", "user: unknown subcommand 'frob'")]
    [InlineData("user", "user: missing subcommand")]
    [InlineData("user list --verbose", "user list: unknown option '--verbose'")]
    [InlineData("user add carol --password-file PW", "user add: option --role is required")]
    [InlineData("user add carol --role nurse --password-file PW", "user add: unknown role 'nurse'")]
    [InlineData("user add carol --role caregiver", "user add: option --password-file is required")]
    [InlineData("user add carol --role caregiver --password-file MISSING", "user add: cannot read password file ")]
    [InlineData("user add carol --role caregiver --password-file SHORT", "user add: the password in ")]
    [InlineData("user add EXISTING --role caregiver --password-file PW", "user add: user 'carol' exists; remove it first")]
    [InlineData("user add car/ol --role caregiver --password-file PW", "user add: user name 'car/ol' must be")]
    [InlineData("user add --role caregiver --password-file PW", "user add: missing user name")]
    [InlineData("user add robot-1 --role device --password-file PW --devices *", "user add: a device user reaches only its own id")]
    [InlineData("user add rob --role robot --password-file PW --devices ,", "user add: --devices lists no device id")]
    [InlineData("user remove nobody", "user remove: no user 'nobody'")]
    [InlineData("ca", "ca: option --out is required")]
    public async Task BadCommandLine_ExitsTwoWithOneLineNamingTheProblem(string commandLine, string message)
    {
        var (state, password) = NewState();
        var shortPassword = Path.Combine(state, "..", "short.txt");
        File.WriteAllText(shortPassword, "1234567\n");
        Assert.Equal(0, (await FerEdgeAsync(state, "user", "add", "carol", "--role", "caregiver", "--password-file", password)).ExitCode);
        var args = commandLine.Split(' ').Select(a => a switch
        {
            "PW" => password,
            "SHORT" => shortPassword,
            "MISSING" => Path.Combine(state, "..", "absent.txt"),
            "EXISTING" => "carol",
            _ => a,
        }).ToArray();

        var run = await FerEdgeAsync(state, args);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fer-edge: " + message, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal(["carol"], new UserStore(state).List().Select(u => u.Name));
    }

    [Fact]
    public async Task Ca_Out_WritesThePublicDeviceCaThatSignsTheServerCertificate()
    {
        var (state, _) = NewState();
        var output = Path.Combine(state, "..", "device-ca.pem");

        var first = await FerEdgeAsync(state, "ca", "--out", output);
        var firstPem = File.ReadAllText(output);
        var second = await FerEdgeAsync(state, "ca", "--out", output);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(firstPem, File.ReadAllText(output)); // the CA is created once, then reused
        Assert.Equal(SecureFile.PublicMode, File.GetUnixFileMode(output));
        Assert.DoesNotContain("PRIVATE KEY", firstPem, StringComparison.Ordinal);
        using var written = X509Certificate2.CreateFromPem(firstPem);
        using var certificates = DeviceCertificates.Ensure(state, "robot-7", [], TimeProvider.System);
        Assert.False(certificates.CreatedAuthority);
        Assert.Equal(written.Thumbprint, certificates.Authority!.Thumbprint);
        Assert.Equal(written.Subject, certificates.Server.Issuer);
    }

    [Fact]
    public async Task Ca_WithAConfigFileNamingAnOwnCertificate_ExitsTwo()
    {
        var (state, _) = NewState();
        var config = Path.Combine(state, "..", "own.json");
        File.WriteAllText(config, """{ "Security": { "CertificateFile": "/etc/ssl/own.crt", "KeyFile": "/etc/ssl/own.key" } }""");

        var run = await FerEdgeAsync(state, "ca", "--out", Path.Combine(state, "..", "ca.pem"), "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("fer-edge: ca: Security:CertificateFile is configured", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserList_StateDirectoryFromAConfigFile_IsUsed()
    {
        var (state, password) = NewState();
        var config = Path.Combine(state, "..", "state.json");
        File.WriteAllText(config, $$"""{ "StateDirectory": "{{state}}" }""");

        var added = await FerEdgeAsync(null, "user", "add", "carol", "--role", "caregiver", "--password-file", password, "--config", config);

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(["carol"], new UserStore(state).List().Select(u => u.Name));
    }

    /// <summary>A state folder that does not exist yet (fer-edge creates it) and a password file beside it.</summary>
    private static (string State, string PasswordFile) NewState()
    {
        var root = TestPaths.NewScratchFolder("users-cli");
        var password = Path.Combine(root, "password.txt");
        File.WriteAllText(password, "correct horse\n");
        return (Path.Combine(root, "state"), password);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> FerEdgeAsync(string? stateDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fer-edge.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("FEREDGE__StateDirectory");
        if (stateDirectory is not null)
        {
            start.Environment["FEREDGE__StateDirectory"] = stateDirectory;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await errors);
    }
}
