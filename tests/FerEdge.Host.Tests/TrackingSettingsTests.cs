using FerEdge.Host.Configuration;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>The Tracking section of the settings: the shipped file's values reach the tracker, bad ones are named.</summary>
public sealed class TrackingSettingsTests
{
    [Fact]
    public void Load_ShippedConfig_GivesTheTunedTrackerSettings()
    {
        var settings = SettingsLoader.Load(Path.Combine(TestPaths.Root, "config", "fer-edge.json"), new Dictionary<string, string?>());

        var tracker = settings.Tracking.ToTrackerOptions();

        Assert.Equal(16, tracker.LucasKanade.WindowWidth);
        Assert.Equal(16, tracker.LucasKanade.WindowHeight);
        Assert.Equal(2, tracker.LucasKanade.MaxLevel);
        Assert.Equal(30, tracker.LucasKanade.MaxIterations);
        Assert.True(tracker.TrackInRegion);
        Assert.Equal(32, tracker.RegionMotion);
        Assert.Equal(1f, tracker.MaxForwardBackwardError);
    }

    [Fact]
    public void Load_Overrides_ReachTheTrackerSettings()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Tracking:WindowSize"] = "21",
            ["Tracking:PyramidLevels"] = "3",
            ["Tracking:MaxIterations"] = "12",
            ["Tracking:RegionPyramids"] = "false",
            ["Tracking:RegionMotionPx"] = "48",
        });

        var tracker = settings.Tracking.ToTrackerOptions();

        Assert.Equal(21, tracker.LucasKanade.WindowWidth);
        Assert.Equal(3, tracker.LucasKanade.MaxLevel);
        Assert.Equal(12, tracker.LucasKanade.MaxIterations);
        Assert.False(tracker.TrackInRegion);
        Assert.Equal(48, tracker.RegionMotion);
    }

    [Theory]
    [InlineData("Tracking:WindowSize", "4")]
    [InlineData("Tracking:WindowSize", "32")]
    [InlineData("Tracking:PyramidLevels", "-1")]
    [InlineData("Tracking:PyramidLevels", "6")]
    [InlineData("Tracking:MaxIterations", "0")]
    [InlineData("Tracking:RegionMotionPx", "0")]
    public void Load_OutOfRangeTrackingValue_ThrowsNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }
}
