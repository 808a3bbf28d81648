using System.Diagnostics;
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

    public Uri Uri => new($"{(Tls ? "mqtts" : "mqtt")}://127.0.0.1:{Port}");

    /// <summary>Whether the listener speaks TLS (and asks for a password).</summary>
    public bool Tls { get; private init; }

    public static Task<MosquittoBroker> StartAsync() => StartAsync(null, null, null);

    /// <summary>
    /// mosquitto with a TLS listener presenting <paramref name="certificates"/>' server certificate and one user
    /// (anonymous clients refused), as a care home's own broker would be set up.
    /// </summary>
    /// <param name="certificates">The CA and the server certificate it signed.</param>
    /// <param name="user">The one user.</param>
    /// <param name="password">Its password.</param>
    /// <param name="requireClientCertificate">Also ask every client for a certificate that CA signed.</param>
    public static Task<MosquittoBroker> StartTlsAsync(TestCertificates certificates, string user, string password, bool requireClientCertificate = false) =>
        StartAsync(certificates, user, password, requireClientCertificate);

    private static async Task<MosquittoBroker> StartAsync(TestCertificates? certificates, string? user, string? password, bool requireClientCertificate = false)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; run tools/setup.sh (apt package mosquitto)");
        }

        var port = FreePort.Pick();
        var folder = TestPaths.NewScratchFolder("mosquitto");
        var config = Path.Combine(folder, "mosquitto.conf");
        var text = $"listener {port} 127.0.0.1\npersistence false\nlog_dest stdout\n";
        if (certificates is null)
        {
            text += "allow_anonymous true\n";
        }
        else
        {
            var passwords = Path.Combine(folder, "passwords");
            using (var made = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-b", "-c", passwords, user!, password!]) { UseShellExecute = false })!)
            {
                await made.WaitForExitAsync();
                if (made.ExitCode != 0)
                {
                    throw new InvalidOperationException("mosquitto_passwd failed");
                }
            }

            // As root mosquitto would switch to its own account, which cannot read the test's scratch files.
            text += $"allow_anonymous false\npassword_file {passwords}\ncafile {certificates.CaFile}\n"
                + $"certfile {certificates.ServerCertificateFile}\nkeyfile {certificates.ServerKeyFile}\n"
                + (requireClientCertificate ? "require_certificate true\n" : "")
                + (Environment.UserName == "root" ? "user root\n" : "");
        }

        await File.WriteAllTextAsync(config, text);
        var process = ExternalTools.StartQuiet(Executable, "-c", config);
        var broker = new MosquittoBroker(process, port) { Tls = certificates is not null };
        if (!await Eventually.TrueWithinAsync(() => process.HasExited || FreePort.Accepts(broker.Port), TimeSpan.FromSeconds(10)) || process.HasExited)
        {
            broker.Dispose();
            throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port}");
        }

        return broker;
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
