namespace FerEdge.Training.Models;

/// <summary>Which hidden activations feed the linear output unit.</summary>
public enum ReadoutSource
{
    /// <summary>Only the last hidden layer.</summary>
    LastLayer,

    /// <summary>All hidden layers, concatenated (deep randomized networks usually read out from every layer).</summary>
    AllLayers,
}
