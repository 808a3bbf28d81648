using FerEdge.Core.Contract;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The child-process mode <c>device-host BROKER_URI DEVICE_ID</c>: runs a <see cref="ScriptedDevice"/>, prints
/// <c>online</c> once connected, then sets the scene named by each line on standard input (<c>neutral</c>,
/// <c>happy</c>, <c>sadness</c>, <c>no-face</c>, <c>silent</c>) until killed or until standard input closes.
/// </summary>
internal static class DeviceHost
{
    public const string Mode = "device-host";

    private static readonly DeviceScene[] Scenes = [DeviceScene.Neutral, DeviceScene.Happy, DeviceScene.Sad, DeviceScene.NoFace, DeviceScene.Quiet];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 3)
        {
            await Console.Error.WriteLineAsync($"usage: {Mode} BROKER_URI DEVICE_ID");
            return 2;
        }

        await using var device = await ScriptedDevice.StartAsync(new Uri(args[1]), args[2], new StatusPorts(null, null, null));
        Console.WriteLine("online");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            device.Scene = Array.Find(Scenes, s => s.Name == line.Trim())
                ?? throw new ArgumentException($"unknown scene '{line}'; expected one of {string.Join(", ", Scenes.Select(s => s.Name))}");
        }

        return 0;
    }
}
