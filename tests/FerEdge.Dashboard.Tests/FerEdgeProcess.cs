using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A <c>fer-edge</c> command (the build's own <c>fer-edge.dll</c>) in a child process, its last 40 output lines kept
/// so a failure can show why it stopped. Dispose kills it (and its children) when it still runs.
/// </summary>
internal sealed class FerEdgeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private FerEdgeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the test calls it in messages.</summary>
    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>fer-edge ARGS</c> with <c>FEREDGE_ROOT</c> set to the repository and the given environment.</summary>
    public static FerEdgeProcess Start(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fer-edge.dll"), .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment["FEREDGE_ROOT"] = TestPaths.Root;
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        return new FerEdgeProcess(name, Process.Start(psi) ?? throw new InvalidOperationException($"{name} did not start"));
    }

    /// <summary>Waits until <paramref name="port"/> on loopback accepts connections; fails when the process exits first.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, Describe());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        Assert.Fail($"{Name} did not open port {port} within {timeout}; {Describe()}");
    }

    /// <summary>Waits until a line containing <paramref name="text"/> was written; fails when the process exits first.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.False(_process.HasExited, Describe());
            Assert.True(DateTime.UtcNow < deadline, $"{Name} wrote no line with '{text}' within {timeout}; {Describe()}");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no clean shutdown, so the broker publishes the Last Will.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    /// <summary>Whether it runs, and its last lines.</summary>
    public string Describe() =>
        $"{Name} " + (_process.HasExited ? $"exited with {_process.ExitCode}" : "still running") + ", last lines:\n" + string.Join('\n', _output);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }
}
