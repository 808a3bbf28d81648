using FerEdge.Training.Wild;

namespace FerEdge.Training.Tests.Wild;

public sealed class PlattScalingTests
{
    [Fact]
    public void Fit_LabelsDrawnFromALogisticModel_RecoversItsParameters()
    {
        var random = new Random(3);
        const double A = 6, B = -2;
        var n = 20000;
        var s = new double[n];
        var t = new double[n];
        for (var i = 0; i < n; i++)
        {
            s[i] = random.NextDouble();
            t[i] = random.NextDouble() < PlattScaling.Sigmoid((A * s[i]) + B) ? 1 : 0;
        }

        var (a, b) = PlattScaling.Fit(s, t, Enumerable.Repeat(1.0, n).ToArray());
        Assert.InRange(a, A - 0.5, A + 0.5);
        Assert.InRange(b, B - 0.3, B + 0.3);
    }

    [Fact]
    public void Fit_SoftTargetsAndWeights_MatchTheEquivalentReplicatedHardLabels()
    {
        // A soft target of 0.25 weighs like one positive and three negatives.
        double[] s = [0.1, 0.4, 0.8];
        var soft = PlattScaling.Fit(s, [0.25, 0.5, 0.75], [4, 4, 4]);
        double[] hs = [0.1, 0.1, 0.1, 0.1, 0.4, 0.4, 0.4, 0.4, 0.8, 0.8, 0.8, 0.8];
        double[] ht = [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0];
        var hard = PlattScaling.Fit(hs, ht, Enumerable.Repeat(1.0, hs.Length).ToArray());
        Assert.Equal(hard.A, soft.A, 1e-6);
        Assert.Equal(hard.B, soft.B, 1e-6);
    }

    [Fact]
    public void Fit_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0.1, 0.2], [1], [1, 1]));
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([], [], []));
    }
}
