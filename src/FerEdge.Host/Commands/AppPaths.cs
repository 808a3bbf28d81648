namespace FerEdge.Host.Commands;

/// <summary>
/// Resolves the application root that holds <c>models/</c> and <c>config/</c>: <c>FEREDGE_ROOT</c> when set (the
/// launcher sets it to the repository), else the first folder at or above the executable that has a models folder
/// (a published bundle keeps models/ beside the binary).
/// </summary>
public static class AppPaths
{
    /// <summary>The application root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the application root.</summary>
    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("FEREDGE_ROOT") is { Length: > 0 } env && Directory.Exists(env))
        {
            return Path.GetFullPath(env);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "models")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
