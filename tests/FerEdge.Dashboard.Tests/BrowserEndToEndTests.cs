using FerEdge.Core.Contract;
using FerEdge.Messaging;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The dashboard in a real Chromium, served by the embedded broker over HTTPS and WSS (a throw-away CA that Chromium
/// trusts through its NSS database) and fed by a real publisher logged in as the device: the page shows nothing about
/// the person until a caregiver logs in through its form, then each step waits for what a caregiver would see, and
/// the device changes what it publishes when the page has shown the previous state; logging out clears it all.
/// Screenshots of every step land in <c>artifacts/test/dashboard/embedded/</c>.
/// </summary>
public sealed class BrowserEndToEndTests
{
    private static readonly DashboardOptions Options = new()
    {
        EmotionAlertAfter = TimeSpan.FromSeconds(2),
        NoFaceAlertAfter = TimeSpan.FromSeconds(3),
        StaleAfter = TimeSpan.FromSeconds(2),
        TimelineWindow = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Page_ScriptedDevice_ShowsStatesExplanationAlertsAndOffline()
    {
        const string device = "robot-e2e";
        using var certificates = TestCertificates.Create();
        using var home = ChromiumHome.Trusting(certificates);
        await using var served = await ServedBroker.StartAsync(Options, device, certificates);
        var broker = served.Broker;
        var scripted = await ScriptedDevice.StartAsync(
            broker.MqttUri, device, new StatusPorts(broker.MqttPort, broker.WebSocketPort, broker.HttpPort), ServedBroker.DevicePassword, certificates.Ca);
        await using var deviceLifetime = scripted;

        // What the device does once the page has shown a step: the scripted scenario, in step with the page.
        var actions = new Dictionary<string, Func<Task>>
        {
            ["emotion=neutral"] = () => Set(scripted, DeviceScene.Happy),
            ["reason~=mouth corners raised"] = () => Set(scripted, DeviceScene.Sad),
            ["history>=1"] = () => Set(scripted, DeviceScene.NoFace),
            ["history>=2"] = () => Set(scripted, DeviceScene.Quiet),
            ["status=stale"] = async () => await scripted.DisposeAsync(),
            ["status=offline"] = async () => await broker.DisposeAsync(),
        };
        const string login = $"login={DashboardUsers.Caregiver}:{DashboardUsers.CaregiverPassword}";
        string[] steps =
        [
            "logged-out", $"login-submit={DashboardUsers.Caregiver}:not-the-password", "login-error~=wrong user name or password", login,
            "status=online", "emotion=neutral",
            "emotion=happy", "timeline-has=neutral", "timeline-has=happy", "region-top=mouth", "reason~=mouth corners raised",
            "emotion=sadness", "alert=sadness",
            "viewport=390x844", "timeline-bands>=3", "no-overflow", "viewport=820x1180", "no-overflow",
            "viewport=800x1280", "ack", "no-alert", "viewport=1280x800", "history>=1",
            "emotion=none", "alert=no-face", "ack", "history>=2",
            "logout", "logged-out", login,
            "status=stale",
            "status=offline",
            "status=reconnecting",
        ];

        var screenshots = TestPaths.InRepo("artifacts", "test", "dashboard", "embedded");
        if (Directory.Exists(screenshots))
        {
            Directory.Delete(screenshots, recursive: true);
        }

        var result = await BrowserRun.RunAsync(
            served.Url(""), steps, screenshots,
            line => actions.TryGetValue(line.GetProperty("step").GetString()!, out var act) && line.GetProperty("ok").GetBoolean() ? act() : Task.CompletedTask,
            TimeSpan.FromMinutes(3),
            home);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(steps.Length, result.Steps.Count);
        Assert.All(result.Steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));

        Assert.Equal("Online", result.Step("status=online").GetProperty("value").GetProperty("text").GetString());
        var happy = result.Step("emotion=happy").GetProperty("value");
        Assert.Equal("Happy", happy.GetProperty("text").GetString());
        Assert.Equal("91% sure", happy.GetProperty("confidence").GetString());

        var regions = result.Step("region-top=mouth").GetProperty("value").GetProperty("regions");
        Assert.Equal(0.52, regions.GetProperty("mouth").GetProperty("share").GetDouble(), 3);
        Assert.True(regions.GetProperty("mouth").GetProperty("opacity").GetDouble() > 0.9, regions.ToString());
        Assert.True(regions.GetProperty("nose").GetProperty("opacity").GetDouble() < 0.3, regions.ToString());
        Assert.Equal("Mouth corners raised, eyes narrowed", result.Step("reason~=mouth corners raised").GetProperty("value").GetProperty("reason").GetString());

        // The page's own clock: the alert came once sadness had lasted the configured 2 s (late is allowed, early is
        // not). From outside, the alert shows well after the label; the margin covers the page's render tick and
        // this script's polling, which can delay seeing the label on a busy machine.
        var alert = result.Step("alert=sadness").GetProperty("value").GetProperty("alerts")[0];
        var heldMs = alert.GetProperty("held_ms").GetDouble();
        Assert.InRange(heldMs, 2000, 10_000);
        var seenAfter = result.Step("alert=sadness").GetProperty("at_ms").GetInt64() - result.Step("emotion=sadness").GetProperty("at_ms").GetInt64();
        Assert.True(seenAfter >= 1000, $"sadness alert seen {seenAfter} ms after the label, configured 2000 ms");
        var noFaceAlert = result.Step("alert=no-face").GetProperty("value").GetProperty("alerts")[0];
        Assert.InRange(noFaceAlert.GetProperty("held_ms").GetDouble(), 3000, 10_000);
        Assert.Equal("Sadness for over 2 s", alert.GetProperty("title").GetString());

        // A touch target a finger can hit: at least 56 px both ways, in portrait (where it was pressed) too.
        var ack = result.Steps.First(s => s.GetProperty("step").GetString() == "ack").GetProperty("value");
        Assert.True(ack.GetProperty("width").GetInt32() >= 56 && ack.GetProperty("height").GetInt32() >= 56, ack.ToString());

        var bands = result.Step("timeline-has=happy").GetProperty("value").GetProperty("bands").EnumerateArray().Select(b => b.GetString()).ToList();
        Assert.Equal(["neutral", "happy"], bands.Distinct());

        // Before the login and after the logout: the form only, and no node that could tell about the person.
        var loggedOut = result.Steps.Where(s => s.GetProperty("step").GetString() == "logged-out").ToList();
        Assert.Equal(2, loggedOut.Count);
        Assert.All(loggedOut, s => Assert.Equal(0, s.GetProperty("value").GetProperty("person_nodes").GetInt32()));
        Assert.Equal("Wrong user name or password", result.Step("login-error~=wrong user name or password").GetProperty("value").GetProperty("error").GetString());

        AssertSummary(result, broker);
        foreach (var step in (string[])["logged-out", "status=online", "alert=sadness", "viewport=800x1280", "status=stale", "status=offline"])
        {
            var name = ScreenshotOf(steps, step);
            Assert.True(new FileInfo(Path.Combine(screenshots, name)).Length > 10_000, $"screenshot {name} missing or empty");
        }
    }

    /// <summary>The screenshot file <c>dashboard.mjs</c> names after the first occurrence of a step.</summary>
    private static string ScreenshotOf(string[] steps, string step) =>
        $"{Array.IndexOf(steps, step) + 1:D2}-{System.Text.RegularExpressions.Regex.Replace(step, @"[^\w-]+", "_").TrimEnd('_')}.png";

    private static Task Set(ScriptedDevice device, DeviceScene scene)
    {
        device.Scene = scene;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Nothing failed in the page, and it fetched only from the robot, encrypted: its own files, its login and config
    /// over HTTPS, and the broker over WSS.
    /// </summary>
    private static void AssertSummary(BrowserRunResult result, EmbeddedBroker broker)
    {
        var summary = result.Summary ?? throw new InvalidOperationException("no summary line: " + result);
        Assert.True(summary.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Empty(summary.GetProperty("page_errors").EnumerateArray());
        // blob: URLs are the page's own in-memory worker script (mqtt.js keep-alive timer), not network requests.
        var requests = summary.GetProperty("requests").EnumerateArray().Select(r => new Uri(r.GetString()!)).Where(r => r.Scheme != "blob").ToList();
        Assert.Contains(requests, r => r.AbsolutePath == "/mqtt.min.js" && r.Port == broker.HttpPort);
        Assert.Contains(requests, r => r.AbsolutePath == "/api/config");
        Assert.Contains(requests, r => r.AbsolutePath == "/api/login");
        Assert.Contains(requests, r => r.AbsolutePath == "/api/logout");
        Assert.Contains(requests, r => r.Scheme == "wss" && r.Port == broker.WebSocketPort && r.AbsolutePath == "/mqtt");
        Assert.All(requests, r => Assert.True(
            r.Host == "127.0.0.1" && r.Scheme is "https" or "wss" && (r.Port == broker.HttpPort || r.Port == broker.WebSocketPort), $"unexpected request {r}"));
        Assert.DoesNotContain(requests, r => r.AbsolutePath.EndsWith(".png", StringComparison.Ordinal) || r.AbsolutePath.EndsWith(".jpg", StringComparison.Ordinal));
    }
}
