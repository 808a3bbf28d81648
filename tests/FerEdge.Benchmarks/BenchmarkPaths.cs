namespace FerEdge.Benchmarks;

/// <summary>The repository root for benchmarks: <c>FEREDGE_ROOT</c>, or the folder holding FerEdge.sln above the binary.</summary>
internal static class BenchmarkPaths
{
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("FEREDGE_ROOT") is { Length: > 0 } env)
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

            throw new DirectoryNotFoundException("repository root (FerEdge.sln) not found above " + AppContext.BaseDirectory + "; set FEREDGE_ROOT");
        }
    }
}
