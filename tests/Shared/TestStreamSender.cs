using System.Diagnostics;
using System.Globalization;

namespace FerEdge.Testing;

/// <summary>
/// An ffmpeg that serves a small test pattern as MPEG-TS on a loopback TCP port in real time (an IP camera a test can
/// kill and start again), for <c>seconds</c> at most.
/// </summary>
internal static class TestStreamSender
{
    /// <summary>
    /// Starts the sender and waits until it listens. An ffmpeg that exits before it listens (the port still held by
    /// the sender before it) is started again, for 20 s at most.
    /// </summary>
    public static Process Start(int port, int seconds = 60)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var sender = Launch(port, seconds);
            while (DateTime.UtcNow < deadline && !sender.HasExited)
            {
                if (IsListening(port))
                {
                    return sender;
                }

                Thread.Sleep(50);
            }

            if (DateTime.UtcNow >= deadline)
            {
                if (!sender.HasExited)
                {
                    sender.Kill();
                }

                sender.Dispose();
                throw new InvalidOperationException($"the test stream sender did not listen on port {port} within 20 s");
            }

            sender.Dispose();
            Thread.Sleep(200);
        }
    }

    private static Process Launch(int port, int seconds)
    {
        var sender = Process.Start(new ProcessStartInfo("ffmpeg",
        [
            "-v", "error", "-nostdin", "-re", "-f", "lavfi", "-i", $"testsrc2=size=160x120:rate=15:duration={seconds.ToString(CultureInfo.InvariantCulture)}",
            "-c:v", "mpeg2video", "-f", "mpegts", $"tcp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}?listen=1",
        ])
        {
            RedirectStandardError = true,
        })!;
        sender.ErrorDataReceived += (_, _) => { };
        sender.BeginErrorReadLine();
        return sender;
    }

    private static bool IsListening(int port)
    {
        var hex = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadAllLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length > 3 && f[1].EndsWith(hex, StringComparison.Ordinal) && f[3] == "0A");
    }
}
