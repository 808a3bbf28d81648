namespace FerEdge.Training.FrontEnd;

/// <summary>
/// One way of choosing the box the landmark model fits in: optionally the detector's second look at a crop of
/// <paramref name="CropScale"/> box sides around the detection (0 = none), the calibrated detection box, then
/// <paramref name="Passes"/> refits in boxes predicted from the landmarks with the given coefficients
/// (null = the shipped <see cref="FerEdge.Vision.Perception.LandmarkBoxRefinement"/> constants).
/// </summary>
internal sealed record FrontEndVariant(string Name, int Passes, float[][]? Coefficients = null, float CropScale = 0f);
