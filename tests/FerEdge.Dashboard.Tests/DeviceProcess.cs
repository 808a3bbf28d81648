using System.Diagnostics;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A scripted device in a child process (this test assembly in <see cref="DeviceHost"/> mode), so it can be killed
/// outright (SIGKILL): no clean shutdown, the broker publishes the device's Last Will. Disposing kills it if it runs.
/// </summary>
internal sealed class DeviceProcess : IDisposable
{
    private readonly Process _process;

    private DeviceProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts the child and waits until its publisher is connected and online.</summary>
    public static async Task<DeviceProcess> StartAsync(Uri broker, string deviceId)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(DeviceHost).Assembly.Location, DeviceHost.Mode, broker.ToString(), deviceId])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the device child process");
        var child = new DeviceProcess(process);
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == "online")
                {
                    return child;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with the child's errors.
        }

        child.Dispose();
        throw new InvalidOperationException("the device child process never reported online: " + await errors);
    }

    /// <summary>Switches what the child publishes, by <see cref="DeviceScene.Name"/>.</summary>
    public async Task SetSceneAsync(DeviceScene scene)
    {
        await _process.StandardInput.WriteLineAsync(scene.Name);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>SIGKILL: the process ends without closing its MQTT connection.</summary>
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
