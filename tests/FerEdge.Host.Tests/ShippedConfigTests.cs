using FerEdge.Core.Contract;
using FerEdge.Host.Configuration;
using FerEdge.Testing;
using FerEdge.Vision.Detection;

namespace FerEdge.Host.Tests;

/// <summary>
/// config/fer-edge.json documents the options records' defaults and changes none of them: loading it gives what an
/// empty file gives. So the records' defaults are what ships, and the tests that build stages from them test it.
/// </summary>
public sealed class ShippedConfigTests
{
    [Fact]
    public void Load_ShippedConfig_EqualsTheOptionsDefaults()
    {
        var shipped = SettingsLoader.Load(TestPaths.InRepo("config", "fer-edge.json"), new Dictionary<string, string?>());
        var defaults = SettingsLoader.Load(EmptyConfig(), new Dictionary<string, string?>());

        Assert.Equal(defaults.Stages, shipped.Stages);
        Assert.Equal(defaults.Run, shipped.Run);
        Assert.Equal(defaults.Pipeline, shipped.Pipeline);
        Assert.Equal(defaults.JsonLines, shipped.JsonLines);
        Assert.Equal(defaults.Broker, shipped.Broker);
        Assert.Equal(defaults.Publisher.OutboxCapacity, shipped.Publisher.OutboxCapacity);
        Assert.Equal(defaults.Publisher.RateLimits[MqttTopics.Emotion.Suffix], shipped.Publisher.RateLimits[MqttTopics.Emotion.Suffix]);
        Assert.Equal(defaults.Dashboard with { AlertEmotions = [] }, shipped.Dashboard with { AlertEmotions = [] });
        Assert.Equal(defaults.Dashboard.AlertEmotions, shipped.Dashboard.AlertEmotions);
    }

    [Fact]
    public void Load_EmptyConfig_GivesTheTrackerThatShips()
    {
        var tracker = SettingsLoader.Load(EmptyConfig(), new Dictionary<string, string?>()).Stages.Perception.Tracker;

        Assert.Equal(16, tracker.LucasKanade.WindowWidth);
        Assert.Equal(16, tracker.LucasKanade.WindowHeight);
        Assert.Equal(2, tracker.LucasKanade.MaxLevel);
        Assert.Equal(30, tracker.LucasKanade.MaxIterations);
        Assert.True(tracker.TrackInRegion);
        Assert.Equal(32, tracker.RegionMotion);
        Assert.Equal(1f, tracker.MaxForwardBackwardError);
    }

    [Fact]
    public void Load_ConfiguredValues_ReachTheirOptionsRecords()
    {
        var options = SettingsLoader.Load(EmptyConfig(), new Dictionary<string, string?>
        {
            ["Detection:Model"] = "back",
            ["Detection:ScoreThreshold"] = "0.6",
            ["Dashboard:NoFaceAlertAfterSeconds"] = "0",
            ["Dashboard:AlertEmotions:0"] = "happy",
            ["Mqtt:EmotionPerSecond"] = "4",
            ["Mqtt:Broker"] = "mqtts://broker.local:8884",
            ["Mqtt:HttpPort"] = "8181",
            ["JsonLines:FlushIntervalSeconds"] = "0.25",
            ["Jsonl"] = "out.jsonl",
            ["DeviceId"] = "robot-7",
        });

        Assert.Equal(BlazeFaceModel.Back256, options.Stages.Landmarker.DetectorModel);
        Assert.Equal(0.6f, options.Stages.Landmarker.Detector.ScoreThreshold);
        Assert.Null(options.Dashboard.NoFaceAlertAfter);
        Assert.Equal(["happy"], options.Dashboard.AlertEmotions);
        Assert.Equal(8181, options.Dashboard.Port);
        Assert.Equal(4, options.Publisher.RateLimits[MqttTopics.Emotion.Suffix].PerSecond);
        Assert.Equal(new Uri("mqtts://broker.local:8884"), options.Run.ExternalBroker);
        Assert.Equal(options.Run.ExternalBroker, options.Publisher.BrokerUri);
        Assert.Equal(TimeSpan.FromSeconds(0.25), options.JsonLines.FlushInterval);
        Assert.Equal("out.jsonl", options.JsonLines.Path);
        Assert.Equal("robot-7", options.Pipeline.DeviceId);
        Assert.Equal("robot-7", options.Publisher.DeviceId);
    }

    [Fact]
    public void Load_DashboardDisabled_EmbeddedBrokerServesNoHttpPort()
    {
        var options = SettingsLoader.Load(EmptyConfig(), new Dictionary<string, string?> { ["Dashboard:Enabled"] = "false" });

        Assert.Null(options.Broker.HttpPort);
        Assert.Equal(8080, SettingsLoader.Load(EmptyConfig(), new Dictionary<string, string?>()).Broker.HttpPort);
    }

    private static string EmptyConfig()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("settings"), "empty.json");
        File.WriteAllText(path, "{}");
        return path;
    }
}
