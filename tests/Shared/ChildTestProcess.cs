using System.Diagnostics;
using System.Text;

namespace FerEdge.Testing;

/// <summary>
/// The test assembly run again as a child process in a helper mode (its <c>Main</c> dispatches on the first argument),
/// so a test can kill it outright (SIGKILL) with no chance of a clean shutdown. Start waits until the child writes its
/// ready line on standard output; disposing kills it if it still runs.
/// </summary>
internal sealed class ChildTestProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _errors = new();

    private ChildTestProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The child's standard input (for helper modes that take commands).</summary>
    public StreamWriter Input => _process.StandardInput;

    /// <summary>
    /// Starts <c>dotnet ASSEMBLY ARGUMENTS</c> and waits up to 30 s for the line <paramref name="readyLine"/>; throws
    /// with the child's standard error when it never comes. <paramref name="firstInput"/>, when given, is written as
    /// the first line of the child's standard input (a secret the command line would show to every user).
    /// </summary>
    public static async Task<ChildTestProcess> StartAsync(
        string assembly, IEnumerable<string> arguments, string readyLine, string what, string? firstInput = null)
    {
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {what} child process");
        var child = new ChildTestProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == readyLine)
            {
                child._ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (child._errors)
            {
                child._errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (firstInput is not null)
        {
            await process.StandardInput.WriteLineAsync(firstInput);
            await process.StandardInput.FlushAsync();
        }

        try
        {
            await child._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            child.Dispose();
            lock (child._errors)
            {
                throw new InvalidOperationException($"the {what} child process never reported {readyLine}: {child._errors}");
            }
        }

        return child;
    }

    /// <summary>SIGKILL: the process ends without closing its connections.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
