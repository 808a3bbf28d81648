using FerEdge.Capture;
using FerEdge.Core.Options;

namespace FerEdge.Host.Configuration;

/// <summary>
/// The settings of <c>fer-edge run</c> that belong to no adapter: where frames come from, which broker, and the
/// host's own clocks (metrics, readiness). The defaults are what ships.
/// </summary>
public sealed record RunOptions
{
    /// <summary>Frame source (see the command-line contract); null means camera 0, else <see cref="DemoVideo"/>.</summary>
    public string? Source { get; init; }

    /// <summary>Played when no source is given and no camera opens.</summary>
    public string DemoVideo { get; init; } = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";

    /// <summary>Images whose header claims more pixels are skipped (counted and logged) before decoding.</summary>
    public long MaxImagePixels { get; init; } = ImageHeader.DefaultMaxPixels;

    /// <summary>
    /// An external broker (<c>mqtts://[user@]host:port</c>, or <c>mqtt://</c> on loopback only); null runs the
    /// embedded one.
    /// </summary>
    public Uri? ExternalBroker { get; init; }

    /// <summary>The external broker's password for the URI's user (first line of a 0600 file); none when null.</summary>
    public string? BrokerPasswordFile { get; init; }

    /// <summary>The CA (PEM) the external broker's certificate must chain to; the system's roots when null.</summary>
    public string? BrokerCaFile { get; init; }

    /// <summary>A client certificate (PEM) for an external broker that asks for one; with <see cref="BrokerClientKeyFile"/>.</summary>
    public string? BrokerClientCertificateFile { get; init; }

    /// <summary>The client certificate's private key (PEM, 0600).</summary>
    public string? BrokerClientKeyFile { get; init; }

    /// <summary>
    /// A care home's broker the embedded broker's device also bridges to (<c>mqtts://[user@]host:port</c>, or
    /// <c>mqtt://</c> on loopback only): the device's own topics are published there as well, and commands sent to
    /// the device there are handed to the embedded broker. Null: no bridge. Only with the embedded broker.
    /// </summary>
    public Uri? Bridge { get; init; }

    /// <summary>The bridge broker's password for the URI's user (first line of a 0600 file); none when null.</summary>
    public string? BridgePasswordFile { get; init; }

    /// <summary>The CA (PEM) the bridge broker's certificate must chain to; the system's roots when null.</summary>
    public string? BridgeCaFile { get; init; }

    /// <summary>A client certificate (PEM) for a bridge broker that asks for one; with <see cref="BridgeClientKeyFile"/>.</summary>
    public string? BridgeClientCertificateFile { get; init; }

    /// <summary>The bridge's client certificate's private key (PEM, 0600).</summary>
    public string? BridgeClientKeyFile { get; init; }

    /// <summary>
    /// What people call this device, e.g. its room ("Room 12, Anna"): carried in the status payload as
    /// <c>display_name</c>, so a caregiver's overview names it; null shows the device id. At most 64 characters.
    /// </summary>
    public string? DisplayName { get; init; }

    /// <summary>Period of the metrics topic, 0.1 s to 1 hour.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// /readyz is ready while a frame reached the outputs within this time (0.5 s to 1 hour); longer without frames
    /// (after the start) makes the status degraded.
    /// </summary>
    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws naming the first invalid value.</summary>
    public void Validate()
    {
        OptionRules.InRange(MaxImagePixels, 1, 1L << 40, nameof(MaxImagePixels));
        OptionRules.That(
            DisplayName is null || (DisplayName.Trim().Length is > 0 and <= 64 && !DisplayName.Any(char.IsControl)),
            nameof(DisplayName),
            DisplayName,
            "must be 1 to 64 characters without control characters");
        OptionRules.InInterval(MetricsInterval.TotalSeconds, 0.1, 3600, "[]", nameof(MetricsInterval));
        OptionRules.InInterval(ReadyWithin.TotalSeconds, 0.5, 3600, "[]", nameof(ReadyWithin));
        OptionRules.That(
            (BrokerClientCertificateFile is null) == (BrokerClientKeyFile is null),
            BrokerClientCertificateFile is null ? nameof(BrokerClientCertificateFile) : nameof(BrokerClientKeyFile),
            BrokerClientCertificateFile ?? BrokerClientKeyFile,
            "must be given with the other of the client certificate and key files");
        var tls = ExternalBroker?.Scheme is "mqtts" or "wss";
        OptionRules.That(
            tls || (BrokerCaFile is null && BrokerClientCertificateFile is null),
            nameof(BrokerCaFile),
            BrokerCaFile ?? BrokerClientCertificateFile,
            "needs a TLS broker (mqtts://)");
        OptionRules.That(
            Bridge is null || ExternalBroker is null,
            nameof(Bridge),
            Bridge,
            "bridges the embedded broker: it cannot be used with an external broker (Mqtt:Broker / --broker); publish to one broker or bridge to it");
        OptionRules.That(
            (BridgeClientCertificateFile is null) == (BridgeClientKeyFile is null),
            BridgeClientCertificateFile is null ? nameof(BridgeClientCertificateFile) : nameof(BridgeClientKeyFile),
            BridgeClientCertificateFile ?? BridgeClientKeyFile,
            "must be given with the other of the bridge's client certificate and key files");
        OptionRules.That(
            Bridge?.Scheme is "mqtts" || (BridgeCaFile is null && BridgeClientCertificateFile is null),
            nameof(BridgeCaFile),
            BridgeCaFile ?? BridgeClientCertificateFile,
            "needs a TLS bridge (Mqtt:Bridge as mqtts://)");
        OptionRules.That(
            BridgePasswordFile is null || !string.IsNullOrEmpty(Bridge?.UserInfo),
            nameof(BridgePasswordFile),
            BridgePasswordFile,
            "needs a bridge with a user (Mqtt:Bridge as mqtts://user@host:port)");
    }
}
