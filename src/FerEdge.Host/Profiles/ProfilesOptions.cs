namespace FerEdge.Host.Profiles;

/// <summary>Where the device keeps person profiles (config section <c>Profiles</c>).</summary>
public sealed record ProfilesOptions
{
    /// <summary>The folder of the profiles, one <c>{person}.json</c> each; null for <c>profiles</c> under the state folder.</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// Whether a calibrated neutral face also shifts the classifiers' inputs (landmark positions) before scoring. Off by
    /// default: on held-out faces-in-the-wild people it lowered macro AUC at every K (models/REPORT.md, personal
    /// adaptation). A calibration always serves the explanation's reason, whose cues are then measured from the
    /// person's own rest.
    /// </summary>
    public bool NeutralShiftsScores { get; init; }

    /// <summary>Throws naming an invalid value.</summary>
    /// <exception cref="ArgumentException">The folder is given but empty.</exception>
    public void Validate()
    {
        if (Directory is { } d && string.IsNullOrWhiteSpace(d))
        {
            throw new ArgumentException("must be a folder, or null for 'profiles' under the state folder", nameof(Directory));
        }
    }

    /// <summary>The folder in effect for the state folder <paramref name="stateDirectory"/>.</summary>
    public string Resolve(string stateDirectory) => Path.GetFullPath(Directory ?? Path.Combine(stateDirectory, "profiles"));
}
