using FerEdge.Core.Emotions;

namespace FerEdge.Core.Adaptation;

/// <summary>
/// What one correction adds to a <see cref="PersonalReadout"/>: the label, how many corrections it stands for (1, or
/// more once folded together), the weighted moments <c>Σ h hᵀ</c> (8 x 8, row-major) of its frames' readout inputs
/// and per classified emotion <c>Σ y h</c> (7 x 8). Sums of the population's log-odds only: no image, no landmark.
/// </summary>
public sealed record ReadoutCorrection(Emotion Label, int Count, double[] Moments, double[] Targets)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong with stored sums.</summary>
    public void Validate()
    {
        if ((uint)Label >= EmotionLabels.Count)
        {
            throw new ArgumentException($"correction label {(int)Label} is not an emotion");
        }

        if (Count < 1)
        {
            throw new ArgumentException($"a correction stands for at least one, got {Count}");
        }

        if (Moments is null || Moments.Length != PersonalReadout.Inputs * PersonalReadout.Inputs)
        {
            throw new ArgumentException($"a correction's moments need {PersonalReadout.Inputs * PersonalReadout.Inputs} values, got {Moments?.Length ?? 0}");
        }

        if (Targets is null || Targets.Length != 7 * PersonalReadout.Inputs)
        {
            throw new ArgumentException($"a correction's targets need {7 * PersonalReadout.Inputs} values, got {Targets?.Length ?? 0}");
        }

        if (!Moments.All(double.IsFinite) || !Targets.All(double.IsFinite))
        {
            throw new ArgumentException("a correction holds a value that is not a finite number");
        }

        for (var i = 0; i < PersonalReadout.Inputs; i++)
        {
            if (Moments[(i * PersonalReadout.Inputs) + i] < 0)
            {
                throw new ArgumentException("a correction's moments have a negative diagonal");
            }
        }
    }

    /// <summary>The sums of this correction and <paramref name="other"/> (the later one's label).</summary>
    public ReadoutCorrection Plus(ReadoutCorrection other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new ReadoutCorrection(other.Label, Count + other.Count,
            [.. Moments.Zip(other.Moments, (a, b) => a + b)], [.. Targets.Zip(other.Targets, (a, b) => a + b)]);
    }
}
