namespace FerEdge.Training.FrontEnd;

/// <summary>One gray PNG of a front-end data set and the faces dlib's HOG detector and shape predictor found in it.</summary>
internal sealed record FrontEndImage(string Png, IReadOnlyList<FrontEndOracleFace> Dlib);
