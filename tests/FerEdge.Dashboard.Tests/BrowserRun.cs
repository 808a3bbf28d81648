using System.Diagnostics;
using System.Text.Json;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// Runs <c>e2e/dashboard.mjs</c> (playwright-core driving Debian's Chromium) against a dashboard URL and collects its
/// JSON lines: one per step as it completes, then the summary. <c>onStep</c> sees each step line as it arrives, so a
/// test can change what the device publishes in step with what the page shows. Given a <see cref="ChromiumHome"/>,
/// Chromium runs with it as HOME and so trusts its test certificate authority over HTTPS and WSS.
/// </summary>
internal static class BrowserRun
{
    public static string ScriptFolder => TestPaths.InRepo("tests", "FerEdge.Dashboard.Tests", "e2e");

    public static async Task<BrowserRunResult> RunAsync(
        Uri url, IReadOnlyList<string> steps, string screenshots, Func<JsonElement, Task> onStep, TimeSpan timeout, ChromiumHome? home = null)
    {
        RequireTools();
        var args = new List<string> { Path.Combine(ScriptFolder, "dashboard.mjs"), url.ToString(), "--screenshots", screenshots, "--timeout-ms", "20000" };
        if (home is not null)
        {
            args.Add("--home");
            args.Add(home.Path);
        }

        foreach (var step in steps)
        {
            args.Add("--step");
            args.Add(step);
        }

        var start = new ProcessStartInfo("node", args)
        {
            WorkingDirectory = ScriptFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<JsonElement>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.Length == 0 || line[0] != '{')
                {
                    continue;
                }

                var json = JsonDocument.Parse(line).RootElement.Clone();
                lines.Add(json);
                if (json.TryGetProperty("step", out _))
                {
                    await onStep(json);
                }
            }

            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dashboard.mjs did not finish within {timeout}; lines so far: {string.Join('\n', lines)}");
        }

        var summary = lines.LastOrDefault(l => l.TryGetProperty("done", out _));
        return new BrowserRunResult(
            lines.Where(l => l.TryGetProperty("step", out _)).ToList(),
            summary.ValueKind == JsonValueKind.Object ? summary : null,
            await stderr,
            process.ExitCode);
    }

    private static void RequireTools()
    {
        if (!Directory.Exists(Path.Combine(ScriptFolder, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"playwright-core is not installed in {ScriptFolder}: run tools/setup.sh (npm ci there)");
        }

        if (!File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("/usr/bin/chromium is missing: run tools/setup.sh (apt package chromium)");
        }
    }
}
