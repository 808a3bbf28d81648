using System.Text.Json;

namespace FerEdge.Dashboard.Tests;

/// <summary>What <c>dashboard.mjs</c> printed: the step lines in order, the summary line (null if it never came), its stderr and exit code.</summary>
internal sealed record BrowserRunResult(IReadOnlyList<JsonElement> Steps, JsonElement? Summary, string Stderr, int ExitCode)
{
    /// <summary>The line of a step, by its text; fails the test when the step never completed.</summary>
    public JsonElement Step(string step)
    {
        foreach (var line in Steps)
        {
            if (line.GetProperty("step").GetString() == step)
            {
                return line;
            }
        }

        Assert.Fail($"step '{step}' has no result; steps: {string.Join('\n', Steps)}\nstderr: {Stderr}");
        return default;
    }

    public override string ToString() => $"exit {ExitCode}\n{string.Join('\n', Steps)}\n{Summary}\n{Stderr}";
}
