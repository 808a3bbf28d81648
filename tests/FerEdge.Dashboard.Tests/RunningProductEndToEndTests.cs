using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using FerEdge.Core.Security;
using FerEdge.Security;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The dashboard in Chromium against a real <c>fer-edge run</c> on a shared video (looped so the page has time to
/// connect), over HTTPS and WSS with the device's own CA: nothing about the person before a login, then, logged in
/// through the form as a caregiver, status online, a correction clicked raises the profile's correction count, the
/// emotion changes, an alert fires and is acknowledged, and the page shows offline once the process is killed (the
/// broker's Last Will cannot reach a dead embedded broker, so the page sees its WebSocket drop and the retained status
/// stop); and, in a second run, the person in front named and their neutral face calibrated from the page.
/// </summary>
public sealed class RunningProductEndToEndTests
{
    // The caregiver account the product under test must know.
    private const string Caregiver = DashboardUsers.Caregiver;
    private const string CaregiverPassword = DashboardUsers.CaregiverPassword;

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Dashboard_AgainstFerEdgeRun_ShowsEmotionAlertAndOffline()
    {
        await using var product = await RunningProduct.StartAsync("dashboard-run", loops: 4);

        // A correction clicked on the page reaches the device, whose reply raises the count the page shows.
        string[] steps =
        [
            "logged-out", $"login={Caregiver}:{CaregiverPassword}", "status=online", "corrections=0", "correct=happy", "corrections=1",
            "emotion=happy", "alert=happy", "ack", "status=offline",
        ];
        var result = await product.BrowseAsync(steps, "running-product", step =>
        {
            if (step.GetProperty("step").GetString() == "ack" && step.GetProperty("ok").GetBoolean())
            {
                product.Kill();
            }
        });
        Assert.Equal(steps.Length, result.Steps.Count);
        Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Dashboard_AgainstFerEdgeRun_SetsThePersonAndCalibratesTheirNeutralFace()
    {
        await using var product = await RunningProduct.StartAsync("dashboard-person", loops: 9);

        // The caregiver names who is in front and calibrates their neutral face from the page: the device switches to
        // that person's profile (a new one: no corrections), watches the face for five seconds, and its replies tell
        // the page; the person's profile is then a file in the device's state folder.
        string[] steps =
        [
            "logged-out", $"login={Caregiver}:{CaregiverPassword}", "status=online", "corrections=0",
            "person=Anna", "profile-person=anna", "corrections=0", "calibrate", "corrections-message~=calibrating",
            "calibrated", "corrections-message~=neutral face calibrated from", "profile-person=anna",
        ];
        var result = await product.BrowseAsync(steps, "running-product-person", _ => { });
        Assert.Equal(steps.Length, result.Steps.Count);
        Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
        var profiles = Path.Combine(product.StateDirectory, "profiles");
        Assert.Contains(Directory.GetFiles(profiles), f => Path.GetFileName(f).StartsWith("anna", StringComparison.Ordinal));
    }

    /// <summary>
    /// A <c>fer-edge run</c> on the shared single-face clip looped <c>loops</c> more times, in real time, with the
    /// embedded broker on loopback, its own state folder holding a caregiver, and a Chromium home trusting its CA.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private sealed class RunningProduct : IAsyncDisposable
    {
        private readonly Process _run;
        private readonly ConcurrentQueue<string> _output = new();
        private readonly ChromiumHome _home;
        private readonly int _http;

        private RunningProduct(Process run, ChromiumHome home, int http, string state)
        {
            _run = run;
            _home = home;
            _http = http;
            StateDirectory = state;
            run.OutputDataReceived += (_, e) => Keep(_output, e.Data);
            run.ErrorDataReceived += (_, e) => Keep(_output, e.Data);
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
        }

        public string StateDirectory { get; }

        public static async Task<RunningProduct> StartAsync(string name, int loops)
        {
            var dir = TestPaths.NewScratchFolder(name);
            var video = Path.Combine(dir, "looped.mp4");
            ExternalTools.Run("ffmpeg", ["-v", "error", "-stream_loop", loops.ToString(CultureInfo.InvariantCulture), "-i", TestPaths.Data("videos", "single_face.mp4"), "-c", "copy", video]);
            var config = Path.Combine(dir, "fer-edge.json");
            File.WriteAllText(config, """{ "Dashboard": { "AlertEmotions": [ "happy" ], "AlertAfterSeconds": 1, "StaleAfterSeconds": 2 } }""");

            // The product's own state: a caregiver added through the real user store, and the device CA made before
            // the start so Chromium can be told to trust it; the run issues its server certificate from that CA.
            var state = Path.Combine(dir, "state");
            Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            new UserStore(state).Add(Caregiver, Role.Caregiver, CaregiverPassword);
            using (var ca = DeviceCertificates.EnsureAuthority(state, Dns.GetHostName(), TimeProvider.System))
            {
                File.WriteAllText(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem());
            }

            var home = ChromiumHome.Trusting(Path.Combine(dir, "ca.pem"));
            var http = FreePort.Pick();
            var ws = FreePort.Pick();
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fer-edge.dll"), "run", "--source", video, "--realtime",
                "--config", config, "--mqtt-port", "0", "--ws-port", ws.ToString(CultureInfo.InvariantCulture), "--http-port", http.ToString(CultureInfo.InvariantCulture),
                "--device-id", "dashboard-e2e", "--broker", "embedded"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            psi.Environment["FEREDGE_ROOT"] = TestPaths.Root;
            psi.Environment["FEREDGE__Mqtt__BindAddress"] = "127.0.0.1";
            psi.Environment["FEREDGE__StateDirectory"] = state;
            var product = new RunningProduct(Process.Start(psi)!, home, http, state);
            try
            {
                // Both listeners of the embedded broker: the page loads from the HTTP port and connects to the WebSocket one.
                await product.WaitForPortAsync(http, TimeSpan.FromSeconds(60));
                await product.WaitForPortAsync(ws, TimeSpan.FromSeconds(60));
                return product;
            }
            catch
            {
                await product.DisposeAsync();
                throw;
            }
        }

        /// <summary>Runs the steps in Chromium against the device's page; <paramref name="onStep"/> sees each step line as it comes.</summary>
        public async Task<BrowserRunResult> BrowseAsync(string[] steps, string screenshots, Action<System.Text.Json.JsonElement> onStep)
        {
            var result = await BrowserRun.RunAsync(
                new Uri($"https://127.0.0.1:{_http}/"),
                steps,
                Path.Combine(TestPaths.Root, "artifacts", "test", "dashboard", screenshots),
                step =>
                {
                    onStep(step);
                    return Task.CompletedTask;
                },
                TimeSpan.FromMinutes(2),
                _home);
            Assert.True(result.ExitCode == 0, result + "\nfer-edge run " + Describe(_run, _output));
            return result;
        }

        public void Kill() => _run.Kill(entireProcessTree: true);

        public ValueTask DisposeAsync()
        {
            if (!_run.HasExited)
            {
                _run.Kill(entireProcessTree: true);
            }

            _run.Dispose();
            _home.Dispose();
            return ValueTask.CompletedTask;
        }

        private async Task WaitForPortAsync(int port, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(_run.HasExited, $"fer-edge run {Describe(_run, _output)}");
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
                    return;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, TestContext.Current.CancellationToken);
                }
            }

            Assert.Fail($"fer-edge did not open port {port} within {timeout}; {Describe(_run, _output)}");
        }
    }

    // The process's last lines, so that a failure shows why the product stopped or never listened.
    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 40 && output.TryDequeue(out _))
        {
        }
    }

    private static string Describe(Process run, ConcurrentQueue<string> output) =>
        (run.HasExited ? $"exited with {run.ExitCode}" : "still running") + ", last lines:\n" + string.Join('\n', output);
}
