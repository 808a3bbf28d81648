using FerEdge.Testing;

namespace FerEdge.Security.Tests;

public sealed class StateDirectoriesTests
{
    [Fact]
    public void Resolve_MissingConfiguredFolder_CreatesItWithMode0700()
    {
        var folder = Path.Combine(TestPaths.NewScratchFolder("state"), "nested", "fer-edge");

        var resolved = StateDirectories.Resolve(folder);

        Assert.Equal(folder, resolved);
        Assert.True(Directory.Exists(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void Resolve_ExistingFolder_KeepsItsMode()
    {
        var folder = TestPaths.NewScratchFolder("state");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(folder, mode);

        Assert.Equal(folder, StateDirectories.Resolve(folder));
        Assert.Equal(mode, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void Resolve_RelativePath_IsMadeFull()
    {
        var folder = TestPaths.NewScratchFolder("state");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(folder, "s"));

        Assert.Equal(Path.Combine(folder, "s"), StateDirectories.Resolve(relative));
    }

    [Theory]
    [InlineData("/var/state", "/home/ann", "/var/state/fer-edge")]
    [InlineData("", "/home/ann", "/home/ann/.local/state/fer-edge")]
    [InlineData(null, "/home/ann", "/home/ann/.local/state/fer-edge")]
    [InlineData("relative/state", "/home/ann", "/home/ann/.local/state/fer-edge")]
    public void DefaultPath_XdgStateHomeAndHome_FollowTheXdgRules(string? xdg, string home, string expected)
    {
        Assert.Equal(expected, StateDirectories.DefaultPath(xdg, home));
    }

    [Fact]
    public void DefaultPath_NoXdgAndNoHome_IsAnError()
    {
        Assert.Throws<InvalidOperationException>(() => StateDirectories.DefaultPath(null, ""));
    }
}
