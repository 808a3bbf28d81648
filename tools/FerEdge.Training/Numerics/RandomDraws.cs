namespace FerEdge.Training.Numerics;

/// <summary>Random draws the training tool needs beyond <see cref="Random"/>'s uniform ones. Deterministic for a seeded <see cref="Random"/>.</summary>
internal static class RandomDraws
{
    /// <summary>A standard normal draw (Box-Muller, two uniform draws per call).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
