namespace FerEdge.Training.Models;

/// <summary>
/// The mean score of several classifiers of the same input (for example randomized networks that differ only in
/// the seed of their random hidden weights), with the mean gradient. Not thread-safe (members keep scratch buffers).
/// </summary>
public sealed class ScoreEnsemble : IScoreModel
{
    private readonly IScoreModel[] _members;
    private readonly double[] _gradient;

    public ScoreEnsemble(IReadOnlyList<IScoreModel> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("an ensemble needs at least one member", nameof(members));
        }

        var length = members[0].InputLength;
        foreach (var m in members)
        {
            if (m.InputLength != length)
            {
                throw new ArgumentException($"members read {length} and {m.InputLength} inputs; all must read the same input", nameof(members));
            }
        }

        _members = [.. members];
        _gradient = new double[length];
        InputLength = length;
    }

    public int InputLength { get; }

    public int Count => _members.Length;

    public double Score(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (var m in _members)
        {
            sum += m.Score(x);
        }

        return sum / _members.Length;
    }

    public double ScoreWithGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (gradient.Length != InputLength)
        {
            throw new ArgumentException($"gradient needs {InputLength} entries, got {gradient.Length}", nameof(gradient));
        }

        gradient.Clear();
        double sum = 0;
        foreach (var m in _members)
        {
            sum += m.ScoreWithGradient(x, _gradient);
            System.Numerics.Tensors.TensorPrimitives.Add(gradient, _gradient, gradient);
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, 1.0 / _members.Length, gradient);
        return sum / _members.Length;
    }
}
