namespace FerEdge.Testing;

/// <summary>
/// Locates the repository root and the shared data folder for tests. <c>FEREDGE_ROOT</c> and <c>FEREDGE_SHARED</c>
/// override the defaults (the folder holding FerEdge.sln above the test binary, and <c>../shared</c> beside it).
/// </summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root (the folder holding FerEdge.sln).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The shared folder beside the repository (datasets and docs).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("FEREDGE_SHARED") is { Length: > 0 } s
            ? s
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A path under <c>shared/data</c>.</summary>
    public static string Data(params string[] parts) => Path.Combine([Shared, "data", .. parts]);

    /// <summary>A path under the repository root.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A fresh, empty folder under the test artefacts folder, named after the caller's purpose.</summary>
    public static string NewScratchFolder(string purpose)
    {
        var dir = Path.Combine(Root, "artifacts", "test", "scratch", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("FEREDGE_ROOT") is { Length: > 0 } env && File.Exists(Path.Combine(env, "FerEdge.sln")))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FerEdge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FerEdge.sln not found above " + AppContext.BaseDirectory + "; set FEREDGE_ROOT.");
    }
}
