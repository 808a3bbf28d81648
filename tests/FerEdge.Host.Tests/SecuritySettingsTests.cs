using FerEdge.Host.Configuration;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>The state folder and certificate keys reach <see cref="FerEdge.Security.SecurityOptions"/>.</summary>
public sealed class SecuritySettingsTests
{
    [Fact]
    public void Load_NothingConfigured_UsesTheStateHomeAndTheDeviceCa()
    {
        var security = SettingsLoader.Load(TestPaths.InRepo("config", "fer-edge.json"), new Dictionary<string, string?>()).Security;

        Assert.Null(security.StateDirectory);
        Assert.Null(security.CertificateFile);
        Assert.Null(security.KeyFile);
    }

    [Fact]
    public void Load_ConfiguredKeys_ReachSecurityOptions()
    {
        var security = SettingsLoader.Load(EmptyConfig(), new Dictionary<string, string?>
        {
            ["StateDirectory"] = "/var/lib/fer-edge",
            ["Security:CertificateFile"] = "/etc/fer-edge/tls.crt",
            ["Security:KeyFile"] = "/etc/fer-edge/tls.key",
        }).Security;

        Assert.Equal("/var/lib/fer-edge", security.StateDirectory);
        Assert.Equal("/etc/fer-edge/tls.crt", security.CertificateFile);
        Assert.Equal("/etc/fer-edge/tls.key", security.KeyFile);
    }

    [Fact]
    public void Load_CertificateWithoutKey_SaysTheKeyIsNeeded()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(
            EmptyConfig(), new Dictionary<string, string?> { ["Security:CertificateFile"] = "/etc/fer-edge/tls.crt" }));

        Assert.Equal("config key 'Security:CertificateFile' must be given with the key file", e.Message);
    }

    [Fact]
    public void Load_UnknownSecurityKey_IsNamed()
    {
        var file = Path.Combine(TestPaths.NewScratchFolder("settings"), "bad.json");
        File.WriteAllText(file, """{ "Security": { "CertFile": "x" } }""");

        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, new Dictionary<string, string?>()));

        Assert.StartsWith("config key 'Security:CertFile' is unknown", e.Message, StringComparison.Ordinal);
    }

    private static string EmptyConfig()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("settings"), "empty.json");
        File.WriteAllText(path, "{}");
        return path;
    }
}
