using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using FerEdge.Security;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// <c>fer-edge run</c> secure by default, end to end: the built product as a child process on a shared video, in a
/// state folder of the test's own, read with Debian's mosquitto clients. The first run creates its users and keys
/// readable by the account only and prints no secret; the broker serves only logged-in clients that trust the device
/// CA, and a caregiver cannot speak for the device; nothing published or written holds landmark coordinates.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class RunSecurityTests
{
    private const int ClipFrames = 72;

    private static readonly string[] FreePorts = ["--mqtt-port", "0", "--ws-port", "0", "--http-port", "0"];

    // What an explanation's top landmark and a metrics stage may hold, in ordinal order.
    private static readonly string[] TopLandmarkKeys = ["index", "region", "share"];
    private static readonly string[] StageTimings = ["count", "max_ms", "p50_ms", "p90_ms", "p99_ms"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Run_FirstRunInAnEmptyStateFolder_CreatesItsSecretsForTheAccountOnlyAndPrintsNone()
    {
        using var state = TestState.Empty();
        string[] args = ["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--fast", "--max-frames", "10", "--device-id", "first-run", .. FreePorts];

        // Under umask 000, so the modes are the product's own and not the umask's.
        var first = RunToEnd(state, args);

        Assert.Equal(0, first.Code);
        var admin = Assert.Single(Lines(first.Output, "Created user 'admin'"));
        Assert.Contains(Path.Combine(state.Folder, DeviceCredentials.AdminPasswordFile), admin, StringComparison.Ordinal);
        var device = Assert.Single(Lines(first.Output, "Created user 'first-run'"));
        Assert.Contains(Path.Combine(state.Folder, DeviceCredentials.DevicePasswordFile), device, StringComparison.Ordinal);
        Assert.Equal(StateDirectories.FolderMode, File.GetUnixFileMode(state.Folder));
        string[] secrets =
        [
            DeviceCredentials.AdminPasswordFile, DeviceCredentials.DevicePasswordFile, UserStore.FileName,
            DeviceCertificates.AuthorityKeyFile, DeviceCertificates.ServerKeyFile,
        ];
        Assert.All(secrets, f => Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(Path.Combine(state.Folder, f))));
        string[] passwords = [state.ReadPassword(DeviceCredentials.AdminPasswordFile), state.ReadPassword(DeviceCredentials.DevicePasswordFile)];
        Assert.All(passwords, p => Assert.DoesNotContain(p, first.Output, StringComparison.Ordinal));
        var before = Contents(state.Folder);

        var second = RunToEnd(state, args);

        Assert.Equal(0, second.Code);
        Assert.DoesNotContain("Created ", second.Output, StringComparison.Ordinal);
        Assert.Equal(before, Contents(state.Folder));
        Assert.All(passwords, p => Assert.DoesNotContain(p, second.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_JsonLinesFile_IsCreatedReadableByTheAccountOnly()
    {
        using var state = TestState.Create();
        var jsonl = Path.Combine(TestPaths.NewScratchFolder("run-jsonl-mode"), "out.jsonl");

        var run = RunToEnd(state, ["run", "--source", TestPaths.Data("videos", "single_face.mp4"), "--fast", "--max-frames", "3", "--jsonl", jsonl,
            "--device-id", "jsonl-mode", .. FreePorts]);

        Assert.Equal(0, run.Code);
        Assert.Equal(3, File.ReadAllLines(jsonl).Length);
        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(jsonl));
    }

    [Fact]
    public async Task Run_EmbeddedBroker_ACaregiverTrustingTheExportedCaReadsAndNoOneElseDoes()
    {
        using var state = TestState.Create();
        var dir = TestPaths.NewScratchFolder("run-secure-sub");
        var exported = Path.Combine(dir, "device-ca.pem");
        var export = RunToEnd(state, ["ca", "--out", exported]);
        Assert.Equal(0, export.Code);
        using (var written = X509Certificate2.CreateFromPem(File.ReadAllText(exported)))
        {
            Assert.Equal(state.Ca.Thumbprint, written.Thumbprint);
        }

        using var run = LiveRun.Start(state, ["run", "--source", LoopedClip(dir, 3), "--realtime", "--device-id", "secure-sub", .. FreePorts]);
        try
        {
            var mqtt = await run.MqttPortAsync();
            var password = state.CaregiverPassword!;
            string[] login = ["-h", "127.0.0.1", "-p", Port(mqtt), "--cafile", exported, "-u", TestState.Caregiver, "-P", password];
            using var carol = MosquittoSub.Start(["-i", "carol-sub", .. login, "-t", "feredge/secure-sub/#", "-v"]);
            Assert.True(
                await carol.WaitForAsync(l => l.Count(m => m.StartsWith("feredge/secure-sub/emotion ", StringComparison.Ordinal)) >= 5, TimeSpan.FromSeconds(30)),
                "the caregiver received no emotion messages");
            Assert.Contains(carol.Lines, l => l.StartsWith("feredge/secure-sub/status ", StringComparison.Ordinal) && l.Contains("\"online\"", StringComparison.Ordinal));

            // Refused: no login (with the CA), and a login to a broker it cannot verify (the system's roots only).
            var anonymous = await MosquittoAsync("mosquitto_sub", ["-i", "anonymous-sub", "-h", "127.0.0.1", "-p", Port(mqtt), "--cafile", exported, "-t", "feredge/secure-sub/#", "-C", "1", "-W", "5"]);
            Assert.True(anonymous.Code != 0 && anonymous.Output.Length == 0, $"mosquitto_sub read without a login ({anonymous.Code}): {anonymous.Output}");
            var untrusted = await MosquittoAsync("mosquitto_sub", ["-i", "no-ca-sub", "-h", "127.0.0.1", "-p", Port(mqtt), "--capath", "/etc/ssl/certs", "-u", TestState.Caregiver, "-P", password,
                "-t", "feredge/secure-sub/#", "-C", "1", "-W", "5"]);
            Assert.True(untrusted.Code != 0 && untrusted.Output.Length == 0, $"mosquitto_sub trusted the broker without its CA ({untrusted.Code}): {untrusted.Output}");

            // A caregiver's retained status does not replace the device's.
            const string Forged = """{"schema":1,"state":"offline","forged":true}""";
            await MosquittoAsync("mosquitto_pub", ["-i", "carol-pub", .. login, "-t", "feredge/secure-sub/status", "-r", "-q", "1", "-m", Forged]);
            var status = await MosquittoAsync("mosquitto_sub", ["-i", "carol-status", .. login, "-t", "feredge/secure-sub/status", "-C", "1", "-W", "10"]);
            Assert.Equal(0, status.Code);
            Assert.Equal("online", JsonDocument.Parse(status.Output).RootElement.GetProperty("state").GetString());
            Assert.False(run.HasExited, "the run ended before the checks did");
            Assert.DoesNotContain(carol.Lines, l => l.Contains("forged", StringComparison.Ordinal));
        }
        finally
        {
            run.Kill();
        }
    }

    [Fact]
    public async Task Run_EveryPayloadAndJsonLine_HoldsNoLandmarkCoordinates()
    {
        using var state = TestState.Create();
        var dir = TestPaths.NewScratchFolder("run-no-landmarks");
        var jsonl = Path.Combine(dir, "out.jsonl");
        var landmarks = Path.Combine(dir, "landmarks.csv");
        Assert.Equal(0, Program.Main(["landmarks", "--source", TestPaths.Data("videos", "single_face.mp4"), "--csv", landmarks]));
        var points = LandmarksByFrame(landmarks);
        Assert.Equal(ClipFrames, points.Count);

        // The clip twice in real time, so the subscriber that joins once the broker listens sees most of it; the
        // JSON-lines file holds every frame processed. Metrics every second, so a few are published.
        List<string> received;
        using (var run = LiveRun.Start(
            state,
            ["run", "--source", LoopedClip(dir, 2), "--realtime", "--jsonl", jsonl, "--device-id", "no-landmarks", .. FreePorts],
            new() { ["FEREDGE__Mqtt__MetricsIntervalSeconds"] = "1" }))
        {
            var mqtt = await run.MqttPortAsync();
            Assert.Single(Lines(run.Output, "Created user 'admin'"));
            var admin = state.ReadPassword(DeviceCredentials.AdminPasswordFile);
            using var sub = MosquittoSub.Start(["-i", "admin-sub", .. state.MosquittoLogin(mqtt, DeviceCredentials.AdminName, admin), "-t", "feredge/no-landmarks/#", "-v"]);
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromSeconds(90)), "fer-edge run did not finish");
            Assert.Equal(0, run.ExitCode);
            await Task.Delay(500, Ct);
            received = sub.Lines;
        }

        var payloads = received.Select(l => l.Split(' ', 2)).Select(p => (Topic: p[0].Split('/')[^1], Json: p[1])).ToList();
        Assert.All(new[] { "status", "emotion", "explanation", "metrics" }, topic => Assert.Contains(payloads, p => p.Topic == topic));
        var lines = File.ReadAllLines(jsonl);
        Assert.True(lines.Length >= ClipFrames / 2, $"only {lines.Length} JSON lines");
        var all = payloads.Select(p => (What: $"{p.Topic} {p.Json}", p.Json)).Concat(lines.Select(l => (What: "JSON line " + l, Json: l)));
        foreach (var (what, json) in all)
        {
            var root = JsonDocument.Parse(json).RootElement;
            var problems = new List<string>();
            CheckShape(root, "$", problems);
            Assert.True(problems.Count == 0, $"{string.Join("; ", problems)} in {what}");

            // A payload that describes a frame is compared with that frame's landmarks and its neighbours'. Status
            // and metrics describe none, and their unrelated neighbouring numbers (cpu_percent, memory_mb) fall in the
            // face's pixel range, where some landmark of the clip lies within 0.1 px of about 1 pair in 140: the
            // shape check above covers them.
            if (root.TryGetProperty("frame", out var f))
            {
                var near = Enumerable.Range(f.GetInt32() - 1, 3).SelectMany(i => points[((i % ClipFrames) + ClipFrames) % ClipFrames]).ToList();
                var hit = LandmarkIn(Numbers(root), near);
                Assert.True(hit is null, $"{hit} is a landmark's position, in {what}");
            }
        }
    }

    [Fact]
    public void CoordinateChecks_PayloadsHoldingPoints_AreCaught()
    {
        (double X, double Y)[] points = [(250.2, 180.7), (300, 220.05)];
        string[] leaks =
        [
            """{"face":{"box":[1,2,3,4]},"points":[250.2,180.7]}""",
            """{"face":{"box":[1,2,3,4,5]}}""",
            """{"landmarks":[{"i":1}]}""",
            """{"top_landmarks":[{"index":1,"region":"mouth","share":0.5,"x":250.2}]}""",
            """{"stages":{"landmarks":{"count":1,"p50_ms":1,"p90_ms":1,"p99_ms":1,"max_ms":1,"y":2}}}""",
            """{"nose":{"x":1,"y":2}}""",
        ];
        foreach (var leak in leaks)
        {
            var problems = new List<string>();
            CheckShape(JsonDocument.Parse(leak).RootElement, "$", problems);
            Assert.True(problems.Count > 0, leak);
        }

        const string Clean = """
            {"schema":1,"frame":3,"face":{"box":[203,115.3,177.4,177.4],"tracked":true},"top_landmarks":[{"index":48,"region":"mouth","share":0.075}],
             "stages":{"landmarks":{"count":1,"p50_ms":9.1,"p90_ms":9.1,"p99_ms":9.1,"max_ms":9.1}},"nose_tip":300,"chin":220}
            """;
        var clean = new List<string>();
        CheckShape(JsonDocument.Parse(Clean).RootElement, "$", clean);
        Assert.Empty(clean);
        Assert.Null(LandmarkIn(Numbers(JsonDocument.Parse(Clean).RootElement)[..^2], points));
        Assert.Equal("300, 220", LandmarkIn(Numbers(JsonDocument.Parse(Clean).RootElement), points));
    }

    /// <summary>The first two consecutive numbers within 0.1 px of one of <paramref name="points"/>, as "x, y"; null when none are.</summary>
    private static string? LandmarkIn(List<double> numbers, IReadOnlyList<(double X, double Y)> points)
    {
        for (var i = 0; i + 1 < numbers.Count; i++)
        {
            var (a, b) = (numbers[i], numbers[i + 1]);
            if (points.Any(p => Math.Abs(p.X - a) <= 0.1 && Math.Abs(p.Y - b) <= 0.1))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{a}, {b}");
            }
        }

        return null;
    }

    /// <summary>
    /// Adds a problem for every numeric array but <c>face.box</c> (4 numbers), every key naming points or
    /// coordinates, every <c>top_landmarks</c> entry holding more than index, region and share, and every metrics
    /// stage (the landmark stage's among them) holding more than its timings.
    /// </summary>
    private static void CheckShape(JsonElement element, string path, List<string> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name.ToLowerInvariant();
                    if (path == "$.stages")
                    {
                        CheckKeys(property.Value, $"{path}.{property.Name}", StageTimings, problems);
                    }
                    else if (name is "x" or "y" or "z" or "xy" or "points" or "keypoints" or "coordinates" or "coords" or "shape" or "contour" or "mesh"
                        || (name.Contains("landmark", StringComparison.Ordinal) && name != "top_landmarks"))
                    {
                        problems.Add($"key {path}.{property.Name}");
                    }

                    if (name == "top_landmarks")
                    {
                        CheckTopLandmarks(property.Value, $"{path}.{property.Name}", problems);
                    }

                    CheckShape(property.Value, $"{path}.{property.Name}", problems);
                }

                break;
            case JsonValueKind.Array:
                var items = element.EnumerateArray().ToList();
                if (items.Any(i => i.ValueKind == JsonValueKind.Number)
                    && !(path == "$.face.box" && items.Count == 4 && items.All(i => i.ValueKind == JsonValueKind.Number)))
                {
                    problems.Add($"numeric array {path} ({items.Count} items)");
                }

                for (var i = 0; i < items.Count; i++)
                {
                    CheckShape(items[i], $"{path}[{i}]", problems);
                }

                break;
        }
    }

    private static void CheckTopLandmarks(JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path} is not an array");
            return;
        }

        foreach (var entry in value.EnumerateArray())
        {
            CheckKeys(entry, path + " entry", TopLandmarkKeys, problems);
        }
    }

    private static void CheckKeys(JsonElement value, string path, string[] expected, List<string> problems)
    {
        var keys = value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];
        if (!keys.SequenceEqual(expected))
        {
            problems.Add($"{path} with keys [{string.Join(", ", keys)}]");
        }
    }

    /// <summary>Every number in the document, in document order.</summary>
    private static List<double> Numbers(JsonElement element)
    {
        var numbers = new List<double>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Number:
                    numbers.Add(e.GetDouble());
                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var i in e.EnumerateArray())
                    {
                        Walk(i);
                    }

                    break;
            }
        }

        Walk(element);
        return numbers;
    }

    /// <summary>The 68 landmarks of the one face in each frame, from <c>fer-edge landmarks --csv</c>.</summary>
    private static List<(double X, double Y)[]> LandmarksByFrame(string csv) =>
        File.ReadLines(csv).Skip(1)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .OrderBy(r => r[0])
            .Select(r => Enumerable.Range(0, 68).Select(i => (r[6 + (2 * i)], r[7 + (2 * i)])).ToArray())
            .ToList();

    /// <summary>single_face.mp4 played <paramref name="times"/> times over (stream copy: the same frames).</summary>
    internal static string LoopedClip(string dir, int times)
    {
        var video = Path.Combine(dir, $"x{times}.mp4");
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-v", "error", "-stream_loop", $"{times - 1}", "-i", TestPaths.Data("videos", "single_face.mp4"), "-c", "copy", video]))!;
        Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(30)) && ffmpeg.ExitCode == 0, "ffmpeg could not loop the clip");
        return video;
    }

    /// <summary>Every file of the folder by name, with a hash of its bytes.</summary>
    private static SortedDictionary<string, string> Contents(string folder) =>
        new(Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    /// <summary>
    /// Runs fer-edge to its end (at most 120 s) under umask 000, so every mode it leaves is one it set; the exit code
    /// and standard output and error together.
    /// </summary>
    private static (int Code, string Output) RunToEnd(TestState state, string[] args)
    {
        var start = state.FerEdge(args);
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, "umask 000 && exec \"$0\" \"$@\"");
        start.ArgumentList.Insert(0, "-c");
        start.FileName = "sh";
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync(Ct);
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill();
            Assert.Fail("fer-edge did not end within 120 s");
        }

        return (p.ExitCode, output + err.Result);
    }

    internal static async Task<(int Code, string Output)> MosquittoAsync(string client, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(client, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEndAsync(Ct);
        _ = p.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, (await output).Trim());
    }

    private static List<string> Lines(string output, string fragment) =>
        [.. output.Split('\n').Where(l => l.Contains(fragment, StringComparison.Ordinal))];

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"mqtts port (\d+), wss port \d+")]
    private static partial Regex MqttPortPattern();

    /// <summary>fer-edge run as a child process, every line it writes kept; disposing kills it if it still runs.</summary>
    internal sealed class LiveRun : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        private LiveRun(Process process)
        {
            _process = process;
            process.OutputDataReceived += Collect;
            process.ErrorDataReceived += Collect;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public static LiveRun Start(TestState state, string[] args, Dictionary<string, string>? environment = null)
        {
            var start = state.FerEdge(args);
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            return new LiveRun(Process.Start(start)!);
        }

        /// <summary>The embedded broker's MQTT port, from its log line (within 60 s).</summary>
        public async Task<int> MqttPortAsync()
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
                if (MqttPortPattern().Match(Output) is { Success: true } m)
                {
                    return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }

                await Task.Delay(100, Ct);
            }

            throw new InvalidOperationException("fer-edge run never logged its MQTT port: " + Output);
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cancel.CancelAfter(timeout);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
                _process.WaitForExit();
                return true;
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }

    /// <summary>A mosquitto_sub that runs until disposed, every line it prints kept.</summary>
    internal sealed class MosquittoSub : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        private MosquittoSub(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (_lines)
                    {
                        _lines.Add(line);
                    }
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public List<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public static MosquittoSub Start(string[] args) =>
            new(Process.Start(new ProcessStartInfo("mosquitto_sub", args) { RedirectStandardOutput = true, RedirectStandardError = true })!);

        public async Task<bool> WaitForAsync(Func<List<string>, bool> condition, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!condition(Lines))
            {
                if (clock.Elapsed > timeout || _process.HasExited)
                {
                    return condition(Lines);
                }

                await Task.Delay(100, Ct);
            }

            return true;
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
}
