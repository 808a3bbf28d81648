using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A scripted device in a child process (this test assembly in <see cref="DeviceHost"/> mode), so it can be killed
/// outright (SIGKILL): no clean shutdown, the broker publishes the device's Last Will. Disposing kills it if it runs.
/// </summary>
internal sealed class DeviceProcess : IDisposable
{
    private readonly ChildTestProcess _child;

    private DeviceProcess(ChildTestProcess child)
    {
        _child = child;
    }

    /// <summary>
    /// Starts the child, logging in as the device with <paramref name="password"/> (none when null) and trusting the CA
    /// in <paramref name="caFile"/> (the system's when null), and waits until its publisher is connected and online.
    /// </summary>
    public static async Task<DeviceProcess> StartAsync(Uri broker, string deviceId, string? password = null, string? caFile = null)
    {
        string[] args = caFile is null ? [DeviceHost.Mode, broker.ToString(), deviceId] : [DeviceHost.Mode, broker.ToString(), deviceId, caFile];
        return new(await ChildTestProcess.StartAsync(typeof(DeviceHost).Assembly.Location, args, "online", "device", password ?? ""));
    }

    /// <summary>Switches what the child publishes, by <see cref="DeviceScene.Name"/>.</summary>
    public async Task SetSceneAsync(DeviceScene scene)
    {
        await _child.Input.WriteLineAsync(scene.Name);
        await _child.Input.FlushAsync();
    }

    /// <summary>SIGKILL: the process ends without closing its MQTT connection.</summary>
    public void Kill() => _child.Kill();

    public void Dispose() => _child.Dispose();
}
