namespace FerEdge.Training.Models;

/// <summary>
/// A binary emotion classifier seen as a differentiable function of its input: score(x) in (0, 1) and its analytic
/// gradient with respect to x. Implementations may keep scratch buffers, so an instance is not thread-safe.
/// </summary>
public interface IScoreModel
{
    /// <summary>Length of the input vector.</summary>
    int InputLength { get; }

    /// <summary>The score (probability-like, in (0, 1)) of one input.</summary>
    double Score(ReadOnlySpan<double> x);

    /// <summary>The score of one input; writes d score / d x into <paramref name="gradient"/> (length <see cref="InputLength"/>).</summary>
    double ScoreWithGradient(ReadOnlySpan<double> x, Span<double> gradient);
}
