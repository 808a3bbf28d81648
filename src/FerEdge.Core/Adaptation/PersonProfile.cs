namespace FerEdge.Core.Adaptation;

/// <summary>
/// What the device knows of one person: their own neutral face and their readout over the population's classifiers,
/// for the models named by <see cref="Models"/> (a profile made for other models does not apply). Model state only:
/// no image and no landmark stream.
/// </summary>
/// <remarks>Not thread-safe: one owner changes it (the device's command handler).</remarks>
public sealed class PersonProfile
{
    /// <summary>A profile of <paramref name="person"/> for the models <paramref name="models"/>.</summary>
    /// <exception cref="ArgumentException">The person id is not valid (see <see cref="PersonId"/>), or the models' identity is empty.</exception>
    public PersonProfile(string person, string models, NeutralFace neutral, PersonalReadout readout)
    {
        ArgumentException.ThrowIfNullOrEmpty(models);
        ArgumentNullException.ThrowIfNull(neutral);
        ArgumentNullException.ThrowIfNull(readout);
        Person = PersonId.Normalize(person);
        Models = models;
        Neutral = neutral;
        Readout = readout;
    }

    /// <summary>The person's id, folded to lower case.</summary>
    public string Person { get; }

    /// <summary>Identity of the models the profile was made for (a hash of their manifest).</summary>
    public string Models { get; }

    /// <summary>The person's neutral face; uncalibrated while it holds no frame.</summary>
    public NeutralFace Neutral { get; }

    /// <summary>The person's readout, learnt from corrections.</summary>
    public PersonalReadout Readout { get; }

    /// <summary>
    /// The person's mean shape at rest, aligned to the canonical face (136 values: one mean, not a stream), against
    /// which the explanation's plain-language cues are measured; empty when uncalibrated.
    /// </summary>
    public float[] NeutralShape { get; private set; } = [];

    /// <summary>Sets or (with an empty array) clears <see cref="NeutralShape"/>.</summary>
    /// <exception cref="ArgumentException">The shape is neither empty nor 136 finite values.</exception>
    public void SetNeutralShape(float[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 0 && (shape.Length != 136 || !shape.All(float.IsFinite)))
        {
            throw new ArgumentException($"a neutral shape is 136 finite values (68 points), got {shape.Length}", nameof(shape));
        }

        NeutralShape = shape;
    }

    /// <summary>Whether a neutral face has been calibrated.</summary>
    public bool Calibrated => Neutral.Frames > 0;

    /// <summary>Corrections learnt.</summary>
    public int Corrections => Readout.Count;

    /// <summary>
    /// A copy of the readout for a reader on another thread: the profile's own readout changes with the next
    /// correction, the copy never does.
    /// </summary>
    public PersonalReadout CopyReadout()
    {
        var copy = new PersonalReadout(Readout.Prior);
        if (Readout.Folded is { } folded)
        {
            copy.RestoreFolded(folded);
        }

        foreach (var c in Readout.Corrections)
        {
            copy.Add(c);
        }

        return copy;
    }
}
