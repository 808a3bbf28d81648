namespace FerEdge.Training.Wild;

/// <summary>
/// Platt scaling: <c>p = σ(a·s + b)</c> fitted by Newton's method to minimise the weighted cross-entropy against
/// targets in [0, 1] (soft targets allowed). Deterministic; static and thread-safe.
/// </summary>
public static class PlattScaling
{
    /// <summary>Fits (a, b) on scores <paramref name="s"/>, targets <paramref name="t"/>, weights <paramref name="w"/>.</summary>
    public static (double A, double B) Fit(ReadOnlySpan<double> s, ReadOnlySpan<double> t, ReadOnlySpan<double> w)
    {
        if (s.Length != t.Length || s.Length != w.Length || s.Length == 0)
        {
            throw new ArgumentException("scores, targets and weights must be non-empty and of equal length");
        }

        double a = 1, b = 0;
        var loss = Loss(s, t, w, a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < s.Length; i++)
            {
                var p = Sigmoid((a * s[i]) + b);
                var r = w[i] * (p - t[i]);
                var q = w[i] * Math.Max(p * (1 - p), 1e-12);
                ga += r * s[i];
                gb += r;
                haa += q * s[i] * s[i];
                hab += q * s[i];
                hbb += q;
            }

            haa += 1e-9;
            hbb += 1e-9;
            var det = (haa * hbb) - (hab * hab);
            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;
            var step = 1.0;
            double next;
            while ((next = Loss(s, t, w, a - (step * da), b - (step * db))) > loss && step > 1e-6)
            {
                step /= 2;
            }

            if (next > loss)
            {
                break;
            }

            a -= step * da;
            b -= step * db;
            var done = loss - next < 1e-10 * Math.Max(1, loss);
            loss = next;
            if (done)
            {
                break;
            }
        }

        return (a, b);
    }

    /// <summary>The logistic function.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double LogOnePlus(double x) => x < 1e-4 ? x - (x * x / 2) : Math.Log(1 + x);

    private static double Loss(ReadOnlySpan<double> s, ReadOnlySpan<double> t, ReadOnlySpan<double> w, double a, double b)
    {
        double sum = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var z = (a * s[i]) + b;
            // -t log σ(z) - (1 - t) log(1 - σ(z)) = log(1 + e^z) - t z, computed stably
            var softplus = z > 0 ? z + LogOnePlus(Math.Exp(-z)) : LogOnePlus(Math.Exp(z));
            sum += w[i] * (softplus - (t[i] * z));
        }

        return sum;
    }
}
