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
        Assert.Contains("Mqtt has BindAddress, Bridge, BridgeCaFile, BridgeClientCertificateFile, BridgeClientKeyFile, BridgePasswordFile, Broker, CaFile,", e.Message, StringComparison.Ordinal);
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
        Assert.Equal(TimeSpan.FromSeconds(1), settings.JsonLines.FlushInterval);
        Assert.Equal(262144, settings.Broker.MaxPacketBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Run.ReadyWithin);
    }

    [Fact]
    public void Load_OutOfRangeValue_NamesTheKeyNotTheOptionsProperty()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Dashboard:AlertAfterSeconds"] = "0" }));
        Assert.Equal("config key 'Dashboard:AlertAfterSeconds' must be from 0.1 to 3600 seconds, got '0'", e.Message);
    }

    [Theory]
    [InlineData("8h", "must be a duration as hours:minutes:seconds")]
    [InlineData("00:00:30", "must be from 60 to 604800 seconds")]
    public void Load_BadSessionLifetime_NamesTheKey(string value, string rule)
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Dashboard:SessionLifetime"] = value }));
        Assert.StartsWith($"config key 'Dashboard:SessionLifetime' {rule}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SessionLifetime_ReachesTheDashboardOptions()
    {
        var settings = SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Dashboard:SessionLifetime"] = "1.02:30:00" });
        Assert.Equal(new TimeSpan(1, 2, 30, 0), settings.Dashboard.SessionLifetime);
    }

    [Fact]
    public void Load_UnknownAlertEmotion_NamesTheKeyAndTheLabel()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Dashboard:AlertEmotions:0"] = "bored" }));
        Assert.StartsWith("config key 'Dashboard:AlertEmotions' must list emotion labels (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("got 'bored'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownDetectorModel_NamesKeyValueAndSource()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Detection:Model"] = "side" }));
        Assert.Equal("config key 'Detection:Model' must be 'front' or 'back', got 'side' (from the command line)", e.Message);
    }

    [Fact]
    public void Load_EqualFixedPorts_SaysWhichPorts()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Mqtt:Port"] = "5000", ["Mqtt:WebSocketPort"] = "5000" }));
        Assert.Equal("config: the MQTT (5000), WebSocket (5000) and HTTP (8080) ports must differ", e.Message);
    }

    [Theory]
    [InlineData("mqtt://broker.local")]
    [InlineData("http://broker.local:1883")]
    [InlineData("mqtt://broker.local:1883")]
    [InlineData("mqtts://robot:secret@broker.local:8883", "mqtts://robot:***@broker.local:8883")]
    public void Load_BrokerNeitherEmbeddedNorMqttsNorLoopbackMqtt_NamesKeyValueAndSource(string broker, string? shown = null)
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Mqtt:Broker"] = broker }));
        Assert.Equal(
            $"config key 'Mqtt:Broker' must be 'embedded', mqtts://[user@]host:port, or mqtt://host:port on loopback only, got '{shown ?? broker}' (from the command line)",
            e.Message);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal); // a password written into the URI is never repeated
    }

    [Theory]
    [InlineData("mqtts://broker.local:8883")]
    [InlineData("mqtts://robot@broker.local:8883")]
    [InlineData("mqtt://127.0.0.1:1883")]
    [InlineData("mqtt://localhost:1883")]
    public void Load_MqttsOrLoopbackMqttBroker_IsTheExternalBroker(string broker)
    {
        var options = SettingsLoader.Load(Config("{}"), new Dictionary<string, string?> { ["Mqtt:Broker"] = broker });
        Assert.Equal(new Uri(broker), options.Run.ExternalBroker);
    }

    [Fact]
    public void Load_ValueBelowAKey_IsUnknown()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Config("""{ "Tracking": { "WindowSize": { "Width": 16 } } }"""), new Dictionary<string, string?>()));
        Assert.StartsWith("config key 'Tracking:WindowSize:Width' is unknown (in ", e.Message, StringComparison.Ordinal);
    }

    private static string Config(string json)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("settings"), "fer-edge.json");
        File.WriteAllText(path, json);
        return path;
    }
}
