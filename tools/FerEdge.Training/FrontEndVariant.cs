namespace FerEdge.Training;

/// <summary>
/// One way of choosing the box the landmark model fits in: the calibrated detection box, then
/// <paramref name="Passes"/> refits in boxes predicted from the landmarks with the given coefficients
/// (null = the shipped <see cref="FerEdge.Vision.Perception.LandmarkBoxRefinement"/> constants).
/// </summary>
internal sealed record FrontEndVariant(string Name, int Passes, float[][]? Coefficients = null);
