namespace FerEdge.Training.Export;

/// <summary>Closed interval [Min, Max] of observed values; empty while Min &gt; Max.</summary>
internal readonly record struct ActivationRange(double Min, double Max)
{
    public ActivationRange Include(ReadOnlySpan<double> values)
    {
        double min = Min, max = Max;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return new ActivationRange(min, max);
    }
}
