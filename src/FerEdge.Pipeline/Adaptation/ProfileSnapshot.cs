using FerEdge.Core.Adaptation;

namespace FerEdge.Pipeline.Adaptation;

/// <summary>
/// What the emotion stage applies for the person in front: the neutral shift added to the classifiers' inputs and
/// the readout applied to their probabilities. Immutable once built: the readout is a copy nobody changes, so the
/// frame thread reads it while the command thread builds the next snapshot.
/// </summary>
public sealed class ProfileSnapshot
{
    /// <summary>A snapshot of <paramref name="person"/>'s profile.</summary>
    /// <param name="person">The person's id, or null for the session profile.</param>
    /// <param name="shift">The neutral shift (the model's input length), or empty for none. Not copied: the caller hands it over.</param>
    /// <param name="readout">The person's readout, or null for the population's. Not copied: the caller must never change it again.</param>
    /// <param name="reference">The person's aligned neutral shape (136 values) the reason's cues are measured from, or empty for the population's.</param>
    public ProfileSnapshot(string? person, float[] shift, PersonalReadout? readout, float[]? reference = null)
    {
        ArgumentNullException.ThrowIfNull(shift);
        Person = person;
        Shift = shift;
        Reference = reference ?? [];
        Readout = readout is { IsPopulation: false } ? readout : null;
    }

    /// <summary>No person, no shift, the population's readout.</summary>
    public static ProfileSnapshot Population { get; } = new(null, [], null);

    /// <summary>The person's id, or null for the session profile.</summary>
    public string? Person { get; }

    /// <summary>The neutral shift, or empty.</summary>
    public float[] Shift { get; }

    /// <summary>The person's aligned neutral shape, or empty.</summary>
    public float[] Reference { get; }

    /// <summary>The readout, or null while it is the population's.</summary>
    public PersonalReadout? Readout { get; }
}
