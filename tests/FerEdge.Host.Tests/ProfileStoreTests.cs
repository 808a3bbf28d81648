using System.Runtime.Versioning;
using FerEdge.Core.Emotions;
using FerEdge.Host.Profiles;
using FerEdge.Security;
using FerEdge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Host.Tests;

/// <summary>
/// Person profiles on disk: saved 0600 and read back; a corrupt file or one made for other models is renamed aside
/// and the person starts afresh; removing a person deletes the file.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProfileStoreTests
{
    private static readonly float[] Baseline = [0f, 1f, 2f];
    private static readonly bool[] IsPosition = [true, true, false];

    [Fact]
    public void Save_ThenLoad_GivesTheProfileBackFromAnOwnerOnlyFile()
    {
        var store = Store(TestPaths.NewScratchFolder("profiles-save"));
        var profile = store.Create("Anna");
        profile.Readout.Correct(Emotion.Happy, [0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f]);
        profile.Neutral.Add([0.5f, 1.5f, 2.5f]);

        store.Save(profile);
        var read = store.Load("anna", out var problem);

        Assert.Null(problem);
        Assert.NotNull(read);
        Assert.Equal(1, read.Corrections);
        Assert.True(read.Calibrated);
        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(store.PathOf("anna")));
        Assert.Equal(StateDirectories.FolderMode, File.GetUnixFileMode(store.Directory));
    }

    [Fact]
    public void Load_ACorruptFile_SetsItAsideAndReportsIt()
    {
        var store = Store(TestPaths.NewScratchFolder("profiles-corrupt"));
        store.Save(store.Create("zoe"));
        File.WriteAllText(store.PathOf("zoe"), "{\"schema\":1,");

        var read = store.Load("zoe", out var problem);

        Assert.Null(read);
        Assert.Contains("not valid JSON", problem, StringComparison.Ordinal);
        Assert.False(store.Exists("zoe"));
        Assert.Single(Directory.GetFiles(store.Directory, "zoe.json.corrupt-*"));
    }

    [Fact]
    public void Load_AProfileForOtherModels_SetsItAside()
    {
        var folder = TestPaths.NewScratchFolder("profiles-models");
        var old = new ProfileStore(Path.Combine(folder, "profiles"), "sha256:old", Baseline, IsPosition, TimeProvider.System, NullLogger.Instance);
        old.Save(old.Create("ben"));

        var store = Store(folder);
        var read = store.Load("ben", out var problem);

        Assert.Null(read);
        Assert.Contains("made for models sha256:old", problem, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(store.Directory, "ben.json.other-models-*"));
    }

    [Fact]
    public void Delete_RemovesTheFileOnce()
    {
        var store = Store(TestPaths.NewScratchFolder("profiles-delete"));
        store.Save(store.Create("cleo"));

        Assert.True(store.Delete("cleo"));
        Assert.False(store.Exists("cleo"));
        Assert.False(store.Delete("cleo"));
        Assert.Null(store.Load("cleo", out var problem));
        Assert.Null(problem);
    }

    private static ProfileStore Store(string folder) =>
        new(Path.Combine(folder, "profiles"), "sha256:new", Baseline, IsPosition, TimeProvider.System, NullLogger.Instance);
}
