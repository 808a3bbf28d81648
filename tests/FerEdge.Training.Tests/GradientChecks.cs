using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

/// <summary>Finite-difference oracle for analytic input gradients.</summary>
internal static class GradientChecks
{
    /// <summary>Largest |analytic - central difference| over all inputs, relative to the largest |gradient| (at least 1e-3).</summary>
    public static double MaxRelativeError(IScoreModel model, ReadOnlySpan<double> x, double h = 1e-4)
    {
        var analytic = new double[x.Length];
        model.ScoreWithGradient(x, analytic);
        var probe = x.ToArray();
        double maxError = 0, maxGradient = 1e-3;
        for (var i = 0; i < probe.Length; i++)
        {
            var original = probe[i];
            probe[i] = original + h;
            var up = model.Score(probe);
            probe[i] = original - h;
            var down = model.Score(probe);
            probe[i] = original;
            var numeric = (up - down) / (2 * h);
            maxError = Math.Max(maxError, Math.Abs(numeric - analytic[i]));
            maxGradient = Math.Max(maxGradient, Math.Abs(analytic[i]));
        }

        return maxError / maxGradient;
    }
}
