using FerEdge.Host.Configuration;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>Configuration mistakes are named by key and source, in the user's words, never in the binder's.</summary>
public sealed class SettingsErrorTests
{
    [Fact]
    public void Load_UnknownNestedKey_NamesTheKeyAndTheKeysThatExist()
    {
        var file = Config("""{ "Mqtt": { "Prot": 1 } }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, new Dictionary<string, string?>()));
        Assert.StartsWith("config key 'Mqtt:Prot' is unknown (in ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Mqtt has Broker, Port,", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BinderOptions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WronglyTypedFastOverriddenByTheCommandLine_StillAnError()
    {
        var file = Config("""{ "Fast": "yes" }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, new Dictionary<string, string?> { ["Fast"] = "true" }));
        Assert.StartsWith("config key 'Fast' must be true or false, got 'yes' (in ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadNumberInNestedKey_NamesKeyAndValue()
    {
        var file = Config("""{ "JsonLines": { "RotateBytes": "lots" } }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, new Dictionary<string, string?>()));
        Assert.StartsWith("config key 'JsonLines:RotateBytes' must be a whole number, got 'lots'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedConfig_HasEveryKeyAndLoads()
    {
        var settings = SettingsLoader.Load(TestPaths.InRepo("config", "fer-edge.json"), new Dictionary<string, string?>());
        Assert.Equal(1, settings.JsonLines.FlushIntervalSeconds);
        Assert.Equal(262144, settings.Mqtt.MaxPacketBytes);
        Assert.Equal(10, settings.Health.ReadyWithinSeconds);
    }

    private static string Config(string json)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("settings"), "fer-edge.json");
        File.WriteAllText(path, json);
        return path;
    }
}
