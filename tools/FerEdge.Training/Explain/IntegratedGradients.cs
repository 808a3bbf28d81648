using FerEdge.Training.Models;

namespace FerEdge.Training.Explain;

/// <summary>
/// Integrated Gradients (Sundararajan et al. 2017) with the trapezoid rule over <see cref="Steps"/> equal intervals
/// of the straight path from a baseline (a neutral reference face) to the input:
/// <c>attr_i = (x_i - b_i) · ∫₀¹ ∂f/∂x_i(b + α(x - b)) dα</c>. By completeness the attributions sum to
/// <c>f(x) - f(b)</c> up to the quadrature error, which shrinks as 1/Steps². Holds scratch buffers: one instance per
/// thread.
/// </summary>
public sealed class IntegratedGradients
{
    /// <summary>Fewest steps accepted; fewer make the completeness error visible.</summary>
    public const int MinimumSteps = 32;

    private readonly double[] _point;
    private readonly double[] _gradient;
    private readonly double[] _integral;

    public IntegratedGradients(int inputLength, int steps = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, MinimumSteps);
        Steps = steps;
        _point = new double[inputLength];
        _gradient = new double[inputLength];
        _integral = new double[inputLength];
    }

    /// <summary>Number of intervals of the path (Steps + 1 gradient evaluations).</summary>
    public int Steps { get; }

    /// <summary>
    /// Writes the attribution of every input value into <paramref name="attribution"/> and returns
    /// <c>f(x) - f(baseline)</c> (the value the attributions should sum to).
    /// </summary>
    public double Attribute(IScoreModel model, ReadOnlySpan<double> x, ReadOnlySpan<double> baseline, Span<double> attribution)
    {
        ArgumentNullException.ThrowIfNull(model);
        var n = _point.Length;
        if (model.InputLength != n || x.Length != n || baseline.Length != n || attribution.Length != n)
        {
            throw new ArgumentException($"model, input, baseline and attribution must all have length {n}");
        }

        Array.Clear(_integral);
        double fx = 0, fb = 0;
        for (var k = 0; k <= Steps; k++)
        {
            var alpha = (double)k / Steps;
            for (var i = 0; i < n; i++)
            {
                _point[i] = baseline[i] + (alpha * (x[i] - baseline[i]));
            }

            var f = model.ScoreWithGradient(_point, _gradient);
            if (k == 0)
            {
                fb = f;
            }
            else if (k == Steps)
            {
                fx = f;
            }

            var weight = (k == 0 || k == Steps ? 0.5 : 1.0) / Steps;
            for (var i = 0; i < n; i++)
            {
                _integral[i] += weight * _gradient[i];
            }
        }

        for (var i = 0; i < n; i++)
        {
            attribution[i] = (x[i] - baseline[i]) * _integral[i];
        }

        return fx - fb;
    }
}
