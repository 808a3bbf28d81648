using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using FerEdge.Core.Security;
using FerEdge.Security;
using FerEdge.Testing;
using static FerEdge.Host.Tests.RunSecurityTests;

namespace FerEdge.Host.Tests;

/// <summary>
/// Personal adaptation end to end: <c>fer-edge run</c> as a child process on a looped clip with one face, commands
/// sent and replies read with Debian's mosquitto clients logged in as the caregiver (and a robot). Each command gets
/// its documented reply; the profile lands on disk (0600) and survives a restart; a corrupt profile is set aside and
/// the run keeps going; emotion messages keep flowing through a burst of commands.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AdaptationRunTests
{
    private const string Device = "adapt-run";
    private static readonly string[] FreePorts = ["--mqtt-port", "0", "--ws-port", "0", "--http-port", "0"];
    private static readonly TimeSpan ReplyWithin = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_Commands_GiveTheDocumentedRepliesAndTheProfileSurvivesARestart()
    {
        using var state = TestState.Create();
        var robotPassword = state.AddUser("robbie", Role.Robot);
        var clip = LoopedClip(TestPaths.NewScratchFolder("adapt-run"), 12);
        var profiles = Path.Combine(state.Folder, "profiles");

        using (var run = LiveRun.Start(state, ["run", "--source", clip, "--realtime", "--device-id", Device, .. FreePorts]))
        {
            var port = await run.MqttPortAsync();
            using var sub = MosquittoSub.Start(["-i", "carol-adapt", .. state.CaregiverLogin(port), "-t", $"feredge/{Device}/+", "-v"]);
            var device = new Commands(state, port, sub);

            var first = await device.FirstReplyAsync();
            Assert.True(first.GetProperty("ok").GetBoolean());
            Assert.Equal(JsonValueKind.Null, first.GetProperty("person").ValueKind);

            var set = await device.SendAsync("s1", """{"schema":1,"id":"s1","command":"set_person","person":"Anna"}""");
            Assert.True(set.GetProperty("ok").GetBoolean(), set.ToString());
            Assert.Equal("anna", set.GetProperty("person").GetString());
            Assert.Equal(0, set.GetProperty("corrections").GetInt32());
            Assert.False(set.GetProperty("calibrated").GetBoolean());
            Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(Path.Combine(profiles, "anna.json")));

            var calibrated = await device.SendAsync("c1", """{"id":"c1","command":"calibrate_neutral","seconds":1}""");
            Assert.True(calibrated.GetProperty("ok").GetBoolean(), calibrated.ToString());
            Assert.True(calibrated.GetProperty("frames").GetInt32() > 0);
            Assert.True(calibrated.GetProperty("calibrated").GetBoolean());
            using (var stored = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(profiles, "anna.json"))))
            {
                // Model state only: the neutral's mean inputs and its one mean aligned shape.
                Assert.Equal(136, stored.RootElement.GetProperty("neutral").GetProperty("shape").GetArrayLength());
            }

            var corrected = await device.SendAsync("k1", """{"id":"k1","command":"correct","emotion":"happy"}""");
            Assert.True(corrected.GetProperty("ok").GetBoolean(), corrected.ToString());
            Assert.Equal(1, corrected.GetProperty("corrections").GetInt32());
            Assert.True(corrected.GetProperty("frames").GetInt32() > 0);
            var second = await device.SendAsync("k2", """{"id":"k2","command":"correct","emotion":"sadness"}""");
            Assert.Equal(2, second.GetProperty("corrections").GetInt32());
            var undone = await device.SendAsync("u1", """{"id":"u1","command":"undo"}""");
            Assert.True(undone.GetProperty("ok").GetBoolean());
            Assert.Equal(1, undone.GetProperty("corrections").GetInt32());

            // Bad input: each answered with ok false and the problem named (with the id where it could be read).
            var badEmotion = await device.SendAsync("k3", """{"id":"k3","command":"correct","emotion":"bored"}""");
            Assert.False(badEmotion.GetProperty("ok").GetBoolean());
            Assert.Contains("'bored' is not an emotion", badEmotion.GetProperty("error").GetString(), StringComparison.Ordinal);
            var unknown = await device.SendAsync("x1", """{"id":"x1","command":"dance"}""");
            Assert.Contains("unknown command 'dance'", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);
            var nobody = await device.SendAsync("r1", """{"id":"r1","command":"remove_person","person":"bob"}""");
            Assert.False(nobody.GetProperty("ok").GetBoolean());
            Assert.Contains("unknown person 'bob'", nobody.GetProperty("error").GetString(), StringComparison.Ordinal);
            var malformed = await device.SendRawAsync("{not json", r => r.GetProperty("id").ValueKind == JsonValueKind.Null);
            Assert.False(malformed.GetProperty("ok").GetBoolean());
            Assert.Contains("not valid JSON", malformed.GetProperty("error").GetString(), StringComparison.Ordinal);

            // A robot may not reset a profile: the broker refuses it, the profile keeps its correction.
            await MosquittoAsync("mosquitto_pub", ["-i", "robbie-pub", .. state.MosquittoLogin(port, "robbie", robotPassword), "-q", "1",
                "-t", $"feredge/{Device}/command", "-m", """{"id":"robot-reset","command":"reset"}"""]);
            var after = await device.SendAsync("q1", """{"id":"q1","command":"profile"}""");
            Assert.Equal(1, after.GetProperty("corrections").GetInt32());
            Assert.DoesNotContain(sub.Lines, l => l.Contains("robot-reset", StringComparison.Ordinal));

            // The person is named in the emotion payloads and the status.
            Assert.True(await sub.WaitForAsync(l => l.Any(m => m.StartsWith($"feredge/{Device}/emotion ", StringComparison.Ordinal) && m.Contains("\"person\":\"anna\"", StringComparison.Ordinal)), ReplyWithin),
                "no emotion message named the person");
            Assert.Contains(sub.Lines, l => l.StartsWith($"feredge/{Device}/status ", StringComparison.Ordinal) && l.Contains("\"person\":\"anna\"", StringComparison.Ordinal));

            // A burst of commands: every one answered, and emotion messages keep coming while they are handled.
            var emotionsBefore = Emotions(sub.Lines);
            device.PostLines([.. Enumerable.Range(0, 40).Select(i => $$"""{"id":"b{{i}}","command":"profile"}""")]);

            Assert.True(await sub.WaitForAsync(l => Enumerable.Range(0, 40).All(i => l.Any(m => m.Contains($"\"id\":\"b{i}\"", StringComparison.Ordinal))), ReplyWithin),
                "not every command of the burst was answered");
            Assert.True(await sub.WaitForAsync(l => Emotions(l) >= emotionsBefore + 10, ReplyWithin), "emotion messages stopped during the burst");
            Assert.False(run.HasExited, run.Output);

            // A corrupt profile for the next run.
            File.WriteAllText(Path.Combine(profiles, "zoe.json"), "{\"schema\":1,\"person\":");
        }

        using (var run = LiveRun.Start(state, ["run", "--source", clip, "--realtime", "--device-id", Device, .. FreePorts]))
        {
            var port = await run.MqttPortAsync();
            using var sub = MosquittoSub.Start(["-i", "carol-adapt2", .. state.CaregiverLogin(port), "-t", $"feredge/{Device}/+", "-v"]);
            var device = new Commands(state, port, sub);
            await device.FirstReplyAsync();

            var back = await device.SendAsync("s2", """{"id":"s2","command":"set_person","person":"anna"}""");
            Assert.Equal(1, back.GetProperty("corrections").GetInt32());
            Assert.True(back.GetProperty("calibrated").GetBoolean());

            var zoe = await device.SendAsync("s3", """{"id":"s3","command":"set_person","person":"zoe"}""");
            Assert.True(zoe.GetProperty("ok").GetBoolean(), zoe.ToString());
            Assert.Equal(0, zoe.GetProperty("corrections").GetInt32());
            Assert.Single(Directory.GetFiles(profiles, "zoe.json.corrupt-*"));
            Assert.Contains("zoe.json set aside", run.Output, StringComparison.Ordinal);
            var emotions = Emotions(sub.Lines);
            Assert.True(await sub.WaitForAsync(l => Emotions(l) >= emotions + 5, ReplyWithin), "the run stopped processing after the corrupt profile");

            await device.SendAsync("s4", """{"id":"s4","command":"set_person","person":"anna"}""");
            var reset = await device.SendAsync("z1", """{"id":"z1","command":"reset"}""");
            Assert.True(reset.GetProperty("ok").GetBoolean());
            Assert.Equal(0, reset.GetProperty("corrections").GetInt32());
            Assert.False(reset.GetProperty("calibrated").GetBoolean());
            var removed = await device.SendAsync("d1", """{"id":"d1","command":"remove_person","person":"anna"}""");
            Assert.True(removed.GetProperty("ok").GetBoolean(), removed.ToString());
            Assert.Equal(JsonValueKind.Null, removed.GetProperty("person").ValueKind);
            Assert.False(File.Exists(Path.Combine(profiles, "anna.json")));
            Assert.False(run.HasExited, run.Output);
        }
    }

    private static int Emotions(List<string> lines) => lines.Count(l => l.StartsWith($"feredge/{Device}/emotion ", StringComparison.Ordinal));

    /// <summary>Commands sent with mosquitto_pub as the caregiver; replies read from the subscriber's lines by id.</summary>
    private sealed class Commands(TestState state, int port, MosquittoSub sub)
    {
        private int _posts;

        /// <summary>Asks for the profile until the device answers (its subscription is up).</summary>
        public async Task<JsonElement> FirstReplyAsync()
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                var id = $"hello{clock.ElapsedMilliseconds}";
                Post($$"""{"id":"{{id}}","command":"profile"}""");
                if (await sub.WaitForAsync(l => Reply(l, r => Id(r) == id) is not null, TimeSpan.FromSeconds(2)))
                {
                    return Reply(sub.Lines, r => Id(r) == id)!.Value;
                }
            }

            throw new InvalidOperationException("the device never answered a command");
        }

        public Task<JsonElement> SendAsync(string id, string json) => SendRawAsync(json, r => Id(r) == id);

        public async Task<JsonElement> SendRawAsync(string json, Func<JsonElement, bool> match)
        {
            var before = sub.Lines.Count;
            Post(json);
            Assert.True(await sub.WaitForAsync(l => Reply(l.Skip(before), match) is not null, ReplyWithin), $"no reply to {json}");
            return Reply(sub.Lines.Skip(before), match)!.Value;
        }

        public void Post(string json) => Publish(["-m", json], [], json);

        /// <summary>A burst: every line one command, back to back on one connection (mosquitto_pub -l).</summary>
        public void PostLines(string[] lines) => Publish(["-l"], lines, $"{lines.Length} lines");

        private void Publish(string[] message, string[] stdin, string what)
        {
            var n = Interlocked.Increment(ref _posts);
            using var p = Process.Start(new ProcessStartInfo("mosquitto_pub", [
                "-i", $"carol-cmd-{n}", .. state.CaregiverLogin(port), "-q", "1", "-t", $"feredge/{Device}/command", .. message])
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
            })!;
            foreach (var line in stdin)
            {
                p.StandardInput.WriteLine(line);
            }

            p.StandardInput.Close();
            var error = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(20)) && p.ExitCode == 0, $"mosquitto_pub failed for {what}: {(error.IsCompleted ? error.Result : string.Empty)}");
        }

        private static string? Id(JsonElement r) => r.GetProperty("id").ValueKind == JsonValueKind.String ? r.GetProperty("id").GetString() : null;

        private static JsonElement? Reply(IEnumerable<string> lines, Func<JsonElement, bool> match)
        {
            var prefix = $"feredge/{Device}/reply ";
            foreach (var line in lines)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var r = JsonDocument.Parse(line[prefix.Length..]).RootElement.Clone();
                    if (match(r))
                    {
                        return r;
                    }
                }
            }

            return null;
        }
    }
}
