using FerEdge.Core.Security;
using FerEdge.Testing;

namespace FerEdge.Security.Tests;

public sealed class DeviceCredentialsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ensure_FirstRun_CreatesTheDeviceAndAnAdminWithPasswordsIn0600Files()
    {
        var folder = TestPaths.NewScratchFolder("provision");
        var users = new UserStore(folder);

        var created = DeviceCredentials.Ensure(users, folder, "robot-7");

        Assert.Equal([("robot-7", Role.Device), ("admin", Role.Admin)], created.Select(c => (c.Name, c.Role)));
        Assert.Equal([Path.Combine(folder, "device.password"), Path.Combine(folder, "admin.password")], created.Select(c => c.PasswordFile));
        foreach (var user in created)
        {
            Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(user.PasswordFile));
            var password = File.ReadAllText(user.PasswordFile).TrimEnd('\n');
            Assert.Equal(43, password.Length); // 32 bytes in unpadded base64url
            Assert.Matches("^[A-Za-z0-9_-]+$", password);
            Assert.Equal(user.Role, (await users.AuthenticateAsync(user.Name, password, Ct))?.Role);
        }

        Assert.Equal(File.ReadAllText(created[0].PasswordFile).TrimEnd('\n'), DeviceCredentials.ReadDevicePassword(folder));
    }

    [Fact]
    public void Ensure_SecondRun_CreatesNothing()
    {
        var folder = TestPaths.NewScratchFolder("provision");
        var users = new UserStore(folder);
        DeviceCredentials.Ensure(users, folder, "robot-7");
        var password = DeviceCredentials.ReadDevicePassword(folder);

        Assert.Empty(DeviceCredentials.Ensure(users, folder, "robot-7"));
        Assert.Equal(password, DeviceCredentials.ReadDevicePassword(folder));
    }

    [Fact]
    public async Task Ensure_DevicePasswordFileDeleted_ResetsOnlyTheDevicePassword()
    {
        var folder = TestPaths.NewScratchFolder("provision");
        var users = new UserStore(folder);
        DeviceCredentials.Ensure(users, folder, "robot-7");
        var old = DeviceCredentials.ReadDevicePassword(folder);
        File.Delete(Path.Combine(folder, "device.password"));

        var created = DeviceCredentials.Ensure(users, folder, "robot-7");

        Assert.Equal("robot-7", Assert.Single(created).Name);
        var fresh = DeviceCredentials.ReadDevicePassword(folder);
        Assert.NotEqual(old, fresh);
        Assert.Null(await users.AuthenticateAsync("robot-7", old, Ct));
        Assert.NotNull(await users.AuthenticateAsync("robot-7", fresh, Ct));
        Assert.Equal(2, users.List().Count);
    }

    [Fact]
    public void Ensure_AnAdminExists_CreatesNoOther()
    {
        var folder = TestPaths.NewScratchFolder("provision");
        var users = new UserStore(folder);
        users.Add("olga", Role.Admin, "correct horse");

        var created = DeviceCredentials.Ensure(users, folder, "robot-7");

        Assert.Equal(Role.Device, Assert.Single(created).Role);
        Assert.False(File.Exists(Path.Combine(folder, "admin.password")));
    }

    [Fact]
    public void Ensure_DeviceIdTakenByAnotherRole_IsAnError()
    {
        var folder = TestPaths.NewScratchFolder("provision");
        var users = new UserStore(folder);
        users.Add("robot-7", Role.Caregiver, "correct horse");

        var e = Assert.Throws<InvalidOperationException>(() => DeviceCredentials.Ensure(users, folder, "robot-7"));
        Assert.Contains("'robot-7' has role caregiver", e.Message, StringComparison.Ordinal);
    }
}
