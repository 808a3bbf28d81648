using System.Diagnostics;
using System.Globalization;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// This test assembly run as a child process in <see cref="PublisherHost"/> mode, so a publisher can be killed
/// outright (SIGKILL) with no chance of a clean shutdown. Disposing kills it if it still runs.
/// </summary>
internal sealed class PublisherProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _online = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PublisherProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts the child and waits until it reports a connected publisher.</summary>
    public static async Task<PublisherProcess> StartAsync(Uri broker, string deviceId, TimeSpan keepAlive)
    {
        var start = new ProcessStartInfo("dotnet",
        [
            typeof(PublisherHost).Assembly.Location, PublisherHost.Mode, broker.ToString(), deviceId,
            keepAlive.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the publisher child process");
        var child = new PublisherProcess(process);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "online")
            {
                child._online.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await child._online.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            child.Dispose();
            lock (errors)
            {
                throw new InvalidOperationException("publisher child process never reported online: " + errors);
            }
        }

        return child;
    }

    /// <summary>SIGKILL: the process ends without closing its MQTT connection cleanly.</summary>
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
