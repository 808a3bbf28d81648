namespace FerEdge.Training.Models;

/// <summary>Nonlinearity of the hidden layers.</summary>
public enum HiddenActivation
{
    Tanh,
    Sigmoid,
}
