using FerEdge.Dashboard;
using FerEdge.Host.Profiles;
using FerEdge.Messaging;
using FerEdge.Pipeline;
using FerEdge.Pipeline.Output;
using FerEdge.Security;

namespace FerEdge.Host.Configuration;

/// <summary>
/// Everything <c>fer-edge</c> is configured with: the adapters' own options records, which hold every default and
/// rule, and the host's <see cref="RunOptions"/>. <see cref="SettingsLoader"/> fills it from config/fer-edge.json,
/// environment variables and command-line options.
/// </summary>
public sealed record FerEdgeOptions
{
    /// <summary>The host's own settings.</summary>
    public RunOptions Run { get; init; } = new();

    /// <summary>Pacing, bounds and the device id written into payloads.</summary>
    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>The front end, the classifiers and the decision.</summary>
    public PipelineStagesOptions Stages { get; init; } = new();

    /// <summary>The JSON-lines output; an empty <see cref="JsonLinesOptions.Path"/> writes none.</summary>
    public JsonLinesOptions JsonLines { get; init; } = new() { Path = string.Empty };

    /// <summary>
    /// The publisher; its <see cref="MqttPublisherOptions.BrokerUri"/> is the external broker, or a placeholder that
    /// the embedded broker's address replaces once it listens.
    /// </summary>
    public MqttPublisherOptions Publisher { get; init; } = new() { BrokerUri = new Uri("mqtt://localhost:1883"), DeviceId = "feredge" };

    /// <summary>The embedded broker (used unless <see cref="RunOptions.ExternalBroker"/> is set).</summary>
    public EmbeddedBrokerOptions Broker { get; init; } = new();

    /// <summary>The caregiver page.</summary>
    public DashboardOptions Dashboard { get; init; } = new();

    /// <summary>The state folder (users, keys, generated passwords) and the TLS certificate.</summary>
    public SecurityOptions Security { get; init; } = new();

    /// <summary>Where person profiles are kept.</summary>
    public ProfilesOptions Profiles { get; init; } = new();

    /// <summary>Throws the first options record's failure (an <see cref="ArgumentException"/> naming the property).</summary>
    public void Validate()
    {
        Run.Validate();
        Pipeline.Validate();
        Stages.Validate();

        // Without --jsonl no file is written, but the section's values are still checked.
        (JsonLines.Path.Length > 0 ? JsonLines : JsonLines with { Path = "-" }).Validate();
        Publisher.Validate();
        if (Run.ExternalBroker is null)
        {
            // The certificate and the user store come from the state directory when the broker starts, not from
            // the configuration: here only the configured values are checked.
            (Broker with { AllowPlainText = true, AllowAnonymous = true }).Validate();
        }

        Dashboard.Validate();
        Security.Validate();
        Profiles.Validate();
    }
}
