using System.Diagnostics;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The page's DOM-free logic (alert rules, health, timeline bands) under node's own test runner, from
/// <c>e2e/unit/*.test.mjs</c>; this test fails when any of them fails and shows their output.
/// </summary>
public sealed class PageLogicTests
{
    [Fact]
    public async Task NodeTests_AlertsModelTimeline_AllPass()
    {
        var unit = Path.Combine(BrowserRun.ScriptFolder, "unit");
        var files = Directory.GetFiles(unit, "*.test.mjs").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var start = new ProcessStartInfo("node", ["--test", .. files])
        {
            WorkingDirectory = unit,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Matches(@"# pass [1-9]\d*", output);
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
    }
}
