namespace FerEdge.Training.Wild;

/// <summary>What a row of the <see cref="TrainingPool"/> is for.</summary>
public enum PoolRole
{
    /// <summary>Trained on (and scored out of fold in cross-validation).</summary>
    Train,

    /// <summary>A faces-in-the-wild person of the held-out half: never trained on.</summary>
    WildHeldOut,

    /// <summary>FER+ valid: never trained on.</summary>
    FerValid,

    /// <summary>Not used (FER+ test, or no usable face in a training set).</summary>
    Unused,
}
