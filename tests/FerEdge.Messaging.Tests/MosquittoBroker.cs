using System.Diagnostics;
using System.Net.Sockets;
using FerEdge.Testing;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// Debian's <c>mosquitto</c> as a child process on a free loopback port, with its config in a scratch folder
/// (no persistence, anonymous clients). Disposing kills it.
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly Process _process;

    private MosquittoBroker(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Uri => new($"mqtt://127.0.0.1:{Port}");

    public static async Task<MosquittoBroker> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; run tools/setup.sh (apt package mosquitto)");
        }

        var port = FreePort.Pick();
        var folder = TestPaths.NewScratchFolder("mosquitto");
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stdout\n");
        var process = Process.Start(new ProcessStartInfo(Executable, ["-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("mosquitto did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new MosquittoBroker(process, port);
        if (!await Eventually.TrueWithinAsync(() => process.HasExited || broker.Accepts(), TimeSpan.FromSeconds(10)) || process.HasExited)
        {
            broker.Dispose();
            throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port}");
        }

        return broker;
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
