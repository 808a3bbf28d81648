using FerEdge.Host.Configuration;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>The Tracking section: its keys reach the tracker's options, and the options' own rules name the key.</summary>
public sealed class TrackingSettingsTests
{
    [Fact]
    public void Load_Overrides_ReachTheTrackerSettings()
    {
        var options = SettingsLoader.Load(TestPaths.InRepo("config", "fer-edge.json"), new Dictionary<string, string?>
        {
            ["Tracking:WindowSize"] = "21",
            ["Tracking:PyramidLevels"] = "3",
            ["Tracking:MaxIterations"] = "12",
            ["Tracking:RegionPyramids"] = "false",
            ["Tracking:RegionMotionPx"] = "48",
            ["Tracking:KeyframeInterval"] = "5",
            ["Tracking:Enabled"] = "false",
        });

        var tracker = options.Stages.Perception.Tracker;
        Assert.Equal(21, tracker.LucasKanade.WindowWidth);
        Assert.Equal(21, tracker.LucasKanade.WindowHeight);
        Assert.Equal(3, tracker.LucasKanade.MaxLevel);
        Assert.Equal(12, tracker.LucasKanade.MaxIterations);
        Assert.False(tracker.TrackInRegion);
        Assert.Equal(48, tracker.RegionMotion);
        Assert.Equal(5, options.Stages.Perception.Redetect.KeyframeInterval);
        Assert.False(options.Stages.Perception.Tracking);
    }

    [Theory]
    [InlineData("Tracking:WindowSize", "2", "must be from 3 to 64")]
    [InlineData("Tracking:WindowSize", "65", "must be from 3 to 64")]
    [InlineData("Tracking:PyramidLevels", "-1", "must be from 0 to 15")]
    [InlineData("Tracking:PyramidLevels", "16", "must be from 0 to 15")]
    [InlineData("Tracking:MaxIterations", "0", "must be from 1 to 100")]
    [InlineData("Tracking:RegionMotionPx", "0", "must be from 1 to 4096")]
    [InlineData("Tracking:MaxLostShare", "0", "must be in (0, 1]")]
    [InlineData("Tracking:KeyframeInterval", "0", "must be from 1 to 1000")]
    public void Load_OutOfRangeTrackingValue_ThrowsNamingTheKey(string key, string value, string rule)
    {
        var ex = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { [key] = value }));

        Assert.Equal($"config key '{key}' {rule}, got '{value}'", ex.Message);
    }
}
