namespace FerEdge.Training.Models;

/// <summary>Per-column mean and inverse standard deviation of a sample matrix (constant columns get invStd = 1).</summary>
internal static class Standardisation
{
    public static (double[] Mean, double[] InvStd) Fit(FeatureSet data)
    {
        var d = data.Dimension;
        var mean = new double[d];
        var sq = new double[d];
        for (var i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (var c = 0; c < d; c++)
            {
                mean[c] += row[c];
            }
        }

        for (var c = 0; c < d; c++)
        {
            mean[c] /= data.Count;
        }

        for (var i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (var c = 0; c < d; c++)
            {
                var v = row[c] - mean[c];
                sq[c] += v * v;
            }
        }

        var invStd = new double[d];
        for (var c = 0; c < d; c++)
        {
            var std = Math.Sqrt(sq[c] / Math.Max(1, data.Count - 1));
            invStd[c] = std > 1e-12 ? 1 / std : 1;
        }

        return (mean, invStd);
    }
}
