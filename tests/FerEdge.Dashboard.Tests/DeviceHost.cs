using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Contract;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The child-process mode <c>device-host BROKER_URI DEVICE_ID [CA_FILE]</c>: runs a <see cref="ScriptedDevice"/>
/// (logging in as the device with the password read from the first line of standard input, and trusting the CA in
/// <c>CA_FILE</c> when given), prints
/// <c>online</c> once connected, then sets the scene named by each line on standard input (<c>neutral</c>,
/// <c>happy</c>, <c>sadness</c>, <c>no-face</c>, <c>silent</c>) until killed or until standard input closes.
/// </summary>
internal static class DeviceHost
{
    public const string Mode = "device-host";

    private static readonly DeviceScene[] Scenes = [DeviceScene.Neutral, DeviceScene.Happy, DeviceScene.Sad, DeviceScene.NoFace, DeviceScene.Quiet];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is not (3 or 4))
        {
            await Console.Error.WriteLineAsync($"usage: {Mode} BROKER_URI DEVICE_ID [CA_FILE], the password on the first line of standard input");
            return 2;
        }

        // The password comes on standard input, not the command line, where other users of the machine could read it.
        var password = await Console.In.ReadLineAsync();
        using var ca = args.Length == 4 ? X509CertificateLoader.LoadCertificateFromFile(args[3]) : null;
        await using var device = await ScriptedDevice.StartAsync(
            new Uri(args[1]), args[2], new StatusPorts(null, null, null), string.IsNullOrEmpty(password) ? null : password, ca);
        Console.WriteLine("online");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            device.Scene = Array.Find(Scenes, s => s.Name == line.Trim())
                ?? throw new ArgumentException($"unknown scene '{line}'; expected one of {string.Join(", ", Scenes.Select(s => s.Name))}");
        }

        return 0;
    }
}
