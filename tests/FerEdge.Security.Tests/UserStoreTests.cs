using System.Diagnostics;
using System.Text.Json.Nodes;
using FerEdge.Core.Security;
using FerEdge.Testing;

namespace FerEdge.Security.Tests;

public sealed class UserStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_Caregiver_IsStoredHashedInA0600FileAndAuthenticates()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        store.Add("carol", Role.Caregiver, "correct horse", ["robot1", "robot2"]);

        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(store.FilePath));
        var text = File.ReadAllText(store.FilePath);
        Assert.DoesNotContain("correct horse", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        Assert.Equal(1, (int)json["schema"]!);
        var user = json["users"]![0]!;
        Assert.Equal("carol", (string)user["name"]!);
        Assert.Equal("caregiver", (string)user["role"]!);
        Assert.Equal(["robot1", "robot2"], user["devices"]!.AsArray().Select(d => (string)d!).ToArray());
        Assert.StartsWith("pbkdf2-sha512$210000$", (string)user["password"]!, StringComparison.Ordinal);

        var principal = await store.AuthenticateAsync("carol", "correct horse", Ct);
        Assert.NotNull(principal);
        Assert.Equal(Role.Caregiver, principal.Role);
        Assert.Equal(["robot1", "robot2"], principal.Devices);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongPasswordOrUnknownUser_IsNull()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        store.Add("carol", Role.Caregiver, "correct horse");

        Assert.Null(await store.AuthenticateAsync("carol", "wrong horse", Ct));
        Assert.Null(await store.AuthenticateAsync("Carol", "correct horse", Ct));
        Assert.Null(await store.AuthenticateAsync("mallory", "correct horse", Ct));
    }

    [Fact]
    public async Task AuthenticateAsync_NoUsersFile_IsNull()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        Assert.Null(await store.AuthenticateAsync("admin", "anything-at-all", Ct));
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownUser_CostsAKeyDerivationLikeAKnownOne()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        store.Add("carol", Role.Caregiver, "correct horse");
        await store.AuthenticateAsync("carol", "warm-up!", Ct);

        var known = await MedianMillisecondsAsync(() => store.AuthenticateAsync("carol", "wrong horse", Ct));
        var unknown = await MedianMillisecondsAsync(() => store.AuthenticateAsync("nobody", "wrong horse", Ct));

        Assert.True(unknown > known * 0.4, $"unknown user took {unknown:F1} ms, known user {known:F1} ms");
    }

    [Fact]
    public async Task AuthenticateAsync_UserAddedByAnotherInstance_IsSeenWithoutRestart()
    {
        var folder = TestPaths.NewScratchFolder("users");
        var host = new UserStore(folder);
        var cli = new UserStore(folder);
        Assert.Null(await host.AuthenticateAsync("carol", "correct horse", Ct));

        cli.Add("carol", Role.Caregiver, "correct horse");
        Assert.NotNull(await host.AuthenticateAsync("carol", "correct horse", Ct));

        cli.Add("rob", Role.Robot, "robot-password");
        Assert.Equal(Role.Robot, (await host.AuthenticateAsync("rob", "robot-password", Ct))?.Role);

        cli.SetPassword("carol", "new password");
        Assert.Null(await host.AuthenticateAsync("carol", "correct horse", Ct));
        Assert.NotNull(await host.AuthenticateAsync("carol", "new password", Ct));

        cli.Remove("carol");
        Assert.Null(await host.AuthenticateAsync("carol", "new password", Ct));
    }

    [Fact]
    public async Task Add_FromTwoStoresOnTwoThreads_KeepsEveryUser()
    {
        var folder = TestPaths.NewScratchFolder("users");
        var stores = new[] { new UserStore(folder), new UserStore(folder) };

        await Task.WhenAll(Enumerable.Range(0, 2).Select(s => Task.Run(
            () =>
            {
                for (var i = 0; i < 6; i++)
                {
                    stores[s].Add($"user-{s}-{i}", Role.Caregiver, "password-" + i);
                }
            },
            Ct)));

        var names = new UserStore(folder).List().Select(u => u.Name).Order(StringComparer.Ordinal).ToArray();
        var expected = Enumerable.Range(0, 2).SelectMany(s => Enumerable.Range(0, 6).Select(i => $"user-{s}-{i}")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, names);
    }

    [Fact]
    public void Add_ExistingName_IsAnErrorNamingTheUser()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        store.Add("carol", Role.Caregiver, "correct horse");

        var e = Assert.Throws<InvalidOperationException>(() => store.Add("carol", Role.Admin, "other password"));

        Assert.Equal("user 'carol' exists; remove it first", e.Message);
        Assert.Equal(Role.Caregiver, Assert.Single(store.List()).Role);
    }

    [Fact]
    public void RemoveAndSetPassword_UnknownName_AreErrors()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        store.Add("carol", Role.Caregiver, "correct horse");

        Assert.Equal("no user 'bob'", Assert.Throws<InvalidOperationException>(() => store.Remove("bob")).Message);
        Assert.Equal("no user 'bob'", Assert.Throws<InvalidOperationException>(() => store.SetPassword("bob", "long enough")).Message);
        Assert.Single(store.List());
    }

    [Theory]
    [InlineData("")]
    [InlineData("carol smith")]
    [InlineData("carol/1")]
    [InlineData("caröl")]
    [InlineData("a+b")]
    public void Add_BadName_IsAnArgumentError(string name)
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        Assert.Throws<ArgumentException>(() => store.Add(name, Role.Caregiver, "correct horse"));
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public void Add_NameOf64And65Characters_AcceptsOnlyTheFirst()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        store.Add(new string('a', 64), Role.Robot, "correct horse");
        Assert.Throws<ArgumentException>(() => store.Add(new string('b', 65), Role.Robot, "correct horse"));
    }

    [Fact]
    public void Add_ShortPassword_IsAnArgumentError()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        var e = Assert.Throws<ArgumentException>(() => store.Add("carol", Role.Caregiver, "1234567"));
        Assert.StartsWith("a password must have at least 8 characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_BadDeviceId_IsAnArgumentError()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        Assert.Throws<ArgumentException>(() => store.Add("carol", Role.Caregiver, "correct horse", ["robot/1"]));
    }

    [Fact]
    public async Task Add_DeviceUser_ReachesOnlyItsOwnId()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));

        store.Add("robot-1", Role.Device, "device password", ["*"]);

        var listed = Assert.Single(store.List());
        Assert.Equal(["robot-1"], listed.Devices);
        Assert.Equal(["robot-1"], (await store.AuthenticateAsync("robot-1", "device password", Ct))!.Devices);
    }

    [Fact]
    public void List_Users_GivesNamesRolesAndDevicesInOrderAdded()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        store.Add("zed", Role.Admin, "correct horse");
        store.Add("amy", Role.Robot, "correct horse", ["r1"]);

        var users = store.List();

        Assert.Equal(["zed", "amy"], users.Select(u => u.Name));
        Assert.Equal([Role.Admin, Role.Robot], users.Select(u => u.Role));
        Assert.Equal(["*"], users[0].Devices);
        Assert.Equal(["r1"], users[1].Devices);
    }

    [Theory]
    [InlineData("{ not json", "is not a valid users file")]
    [InlineData("""{"schema":2,"users":[]}""", "has schema 2")]
    [InlineData("""{"users":[]}""", "is not a valid users file")]
    [InlineData("""{"schema":1,"users":[{"name":"a","role":"king","devices":["*"],"password":"x"}]}""", "has role 'king'")]
    [InlineData("""{"schema":1,"users":[{"name":"a","role":"admin","devices":["*"],"password":"plain"}]}""", "has no valid password hash")]
    [InlineData("""{"schema":1,"users":[{"name":"a b","role":"admin","devices":["*"],"password":"plain"}]}""", "user name 'a b' must be")]
    public async Task Load_CorruptFile_IsInvalidDataNamingTheFileAndTheProblem(string content, string problem)
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        SecureFile.WriteAllText(store.FilePath, content);

        var e = await Assert.ThrowsAsync<InvalidDataException>(async () => await store.AuthenticateAsync("a", "password", Ct));

        Assert.Contains(store.FilePath, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => store.List());
        Assert.Throws<InvalidDataException>(() => store.Add("b", Role.Admin, "correct horse"));
        Assert.Equal(content, File.ReadAllText(store.FilePath));
    }

    [Fact]
    public void Load_DuplicateName_IsInvalidData()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        var hash = PasswordHasher.Hash("correct horse");
        SecureFile.WriteAllText(store.FilePath, $$"""{"schema":1,"users":[{"name":"a","role":"admin","password":"{{hash}}"},{"name":"a","role":"robot","password":"{{hash}}"}]}""");

        var e = Assert.Throws<InvalidDataException>(() => store.List());
        Assert.Contains("lists user 'a' twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_FileReadableByOthers_IsRefused()
    {
        var store = new UserStore(TestPaths.NewScratchFolder("users"));
        store.Add("carol", Role.Caregiver, "correct horse");
        File.SetUnixFileMode(store.FilePath, SecureFile.PublicMode);

        var e = Assert.Throws<UnauthorizedAccessException>(() => store.List());
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    private static async Task<double> MedianMillisecondsAsync(Func<ValueTask<Principal?>> login)
    {
        var times = new double[5];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await login();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[2];
    }
}
