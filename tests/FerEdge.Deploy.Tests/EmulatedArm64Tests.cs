using System.Text.Json;
using FerEdge.Testing;

namespace FerEdge.Deploy.Tests;

/// <summary>
/// The linux-arm64 bundle that deploy.sh builds, run under qemu-user emulation on the shared single-face clip with the
/// embedded broker, against the x64 build on the same clip: the same decided emotions, scores within 1e-3.
/// </summary>
/// <remarks>
/// Both sides decode through ffmpeg (on arm64 because OpenCvSharp has no native library there, on x64 because the
/// test asks for it), so they see identical pixels and any difference comes from the arm64 build itself. ONNX Runtime
/// reads /proc/cpuinfo, which qemu passes through from the x86 host: the emulated process gets an arm64 cpuinfo
/// bind-mounted in a private mount namespace, and a Cortex-A76 CPU model (qemu's default "max" model gave wrong
/// quantized results). The runtime's W^X double mapping of JIT code is switched off for the emulated process only:
/// the JIT writes code through a second, writable mapping of the executable pages, and qemu-user does not see those
/// writes as changes to code it has already translated, so it goes on running stale translations. With W^X on, runs
/// under load corrupted the heap (a frame of 168429575x656150540 pixels reached the tracker), crashed, or, worse,
/// finished with different scores; with it off, repeated runs matched x64 every time. A real arm64 board runs the
/// translated-free native code and keeps the default.
/// </remarks>
public sealed class EmulatedArm64Tests
{
    // 40 frames hold the clip's switch from neutral to happy (frame 29 with the shipped models and 0.5 s smoothing) and
    // keep emulation to about a minute and a half.
    private const int Frames = 40;
    private const double ScoreTolerance = 1e-3;

    [Fact]
    public void Bundle_EmulatedArm64Run_MatchesX64JsonLines()
    {
        var scratch = TestPaths.NewScratchFolder("arm64");
        var bundle = Path.Combine(scratch, "bundle");
        var built = ChildProcess.Run("bash", [TestPaths.InRepo("deploy.sh"), "bundle", "--out", bundle], TestPaths.Root, TimeSpan.FromMinutes(12));
        Assert.True(built.ExitCode == 0, built.Transcript);

        // The bundle is what the board checks before switching to it: every file against SHA256SUMS, an arm64 binary.
        var sums = ChildProcess.Run("sha256sum", ["-c", "--quiet", "SHA256SUMS"], bundle, TimeSpan.FromMinutes(1));
        Assert.True(sums.ExitCode == 0, sums.Transcript);
        Assert.Equal(ElfMachineAarch64, ElfMachine(Path.Combine(bundle, "fer-edge")));
        Assert.Equal(ElfMachineAarch64, ElfMachine(Path.Combine(bundle, "libonnxruntime.so")));
        Assert.False(File.Exists(Path.Combine(bundle, "libOpenCvSharpExtern.so")));

        var video = TestPaths.Data("videos", "single_face.mp4");
        var x64Jsonl = Path.Combine(scratch, "x64.jsonl");
        var arm64Jsonl = Path.Combine(scratch, "arm64.jsonl");
        var x64 = ChildProcess.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "fer-edge.dll"), .. RunArguments(video, x64Jsonl)],
            TestPaths.Root,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?>
            {
                ["FEREDGE_ROOT"] = TestPaths.Root,
                ["FEREDGE_CAPTURE"] = "ffmpeg",
                ["FEREDGE__StateDirectory"] = Path.Combine(scratch, "state-x64"),
            });
        Assert.True(x64.ExitCode == 0, x64.Transcript);

        // No FEREDGE_ROOT: the bundle must find its models and config beside its own binary, as on the board.
        var cpuinfo = Path.Combine(AppContext.BaseDirectory, "arm64-cpuinfo.txt");
        var emulated = $"mount --bind \"$1\" /proc/cpuinfo && shift && exec qemu-aarch64-static -cpu cortex-a76 -L / \"$@\"";
        var arm64 = ChildProcess.Run(
            "unshare",
            ["-m", "sh", "-c", emulated, "emulate", cpuinfo, Path.Combine(bundle, "fer-edge"), .. RunArguments(video, arm64Jsonl)],
            scratch,
            TimeSpan.FromMinutes(4),
            new Dictionary<string, string?>
            {
                ["FEREDGE_ROOT"] = null,
                ["FEREDGE_CAPTURE"] = null,
                ["DOTNET_EnableWriteXorExecute"] = "0",
                ["FEREDGE__StateDirectory"] = Path.Combine(scratch, "state-arm64"),
            });
        Assert.True(arm64.ExitCode == 0, arm64.Transcript);

        // The first run on the board made its users, keys and CA with .NET's own cryptography on arm64 and served
        // its broker over TLS with logins.
        Assert.True(File.Exists(Path.Combine(scratch, "state-arm64", "ca.crt")), arm64.Transcript);
        Assert.True(File.Exists(Path.Combine(scratch, "state-arm64", "users.json")), arm64.Transcript);
        Assert.Contains("TLS, credentials required", arm64.Transcript, StringComparison.Ordinal);

        var expected = ReadLines(x64Jsonl);
        var actual = ReadLines(arm64Jsonl);
        Assert.Equal(Frames, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameOutcome(expected[i], actual[i]);
        }

        // The comparison covers a change of decision, not a constant label.
        Assert.Contains(actual, l => l.GetProperty("emotion").GetString() == "neutral");
        Assert.Contains(actual, l => l.GetProperty("emotion").GetString() == "happy");
    }

    private const ushort ElfMachineAarch64 = 0xB7;

    private static string[] RunArguments(string video, string jsonl) =>
        ["run", "--source", video, "--fast", "--jsonl", jsonl, "--max-frames", $"{Frames}", "--broker", "embedded",
         "--mqtt-port", "0", "--ws-port", "0", "--http-port", "0", "--device-id", "arm64-check"];

    private static void AssertSameOutcome(JsonElement expected, JsonElement actual)
    {
        var frame = expected.GetProperty("frame").GetInt64();
        Assert.Equal(frame, actual.GetProperty("frame").GetInt64());
        Assert.Equal(expected.GetProperty("t").GetDouble(), actual.GetProperty("t").GetDouble(), 6);
        Assert.True(
            expected.GetProperty("emotion").ValueEquals(actual.GetProperty("emotion").GetString()),
            $"frame {frame}: x64 decided {expected.GetProperty("emotion")}, arm64 {actual.GetProperty("emotion")}");
        var expectedFace = expected.GetProperty("face");
        var actualFace = actual.GetProperty("face");
        Assert.Equal(expectedFace.ValueKind, actualFace.ValueKind);
        if (expectedFace.ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(expectedFace.GetProperty("tracked").GetBoolean(), actualFace.GetProperty("tracked").GetBoolean());
            var eb = expectedFace.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var ab = actualFace.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (var k = 0; k < eb.Length; k++)
            {
                Assert.True(Math.Abs(eb[k] - ab[k]) <= 0.1 + 1e-9, $"frame {frame} box[{k}]: x64 {eb[k]}, arm64 {ab[k]}");
            }
        }

        Assert.True(
            Math.Abs(expected.GetProperty("confidence").GetDouble() - actual.GetProperty("confidence").GetDouble()) <= ScoreTolerance + 1e-9,
            $"frame {frame} confidence: x64 {expected.GetProperty("confidence")}, arm64 {actual.GetProperty("confidence")}");
        var expectedScores = expected.GetProperty("scores");
        var actualScores = actual.GetProperty("scores");
        Assert.Equal(expectedScores.EnumerateObject().Count(), actualScores.EnumerateObject().Count());
        foreach (var score in expectedScores.EnumerateObject())
        {
            var other = actualScores.GetProperty(score.Name).GetDouble();
            Assert.True(
                Math.Abs(score.Value.GetDouble() - other) <= ScoreTolerance + 1e-9,
                $"frame {frame} {score.Name}: x64 {score.Value.GetDouble()}, arm64 {other}");
        }
    }

    private static List<JsonElement> ReadLines(string path)
    {
        Assert.True(File.Exists(path), $"no JSON-lines output at {path}");
        var lines = new List<JsonElement>();
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            lines.Add(doc.RootElement.Clone());
        }

        return lines;
    }

    private static ushort ElfMachine(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var file = File.OpenRead(path);
        file.ReadExactly(header);
        Assert.True(header[..4].SequenceEqual("\u007fELF"u8), $"{path} is not an ELF file");
        return BitConverter.ToUInt16(header[18..]);
    }
}
