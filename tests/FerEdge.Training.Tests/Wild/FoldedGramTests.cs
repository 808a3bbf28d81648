using FerEdge.Training.Wild;
using MathNet.Numerics.LinearAlgebra;

namespace FerEdge.Training.Tests.Wild;

public sealed class FoldedGramTests
{
    private const int Rows = 300;
    private const int Columns = 9; // 8 features and the constant
    private const int Targets = 3;

    private static (double[] Design, double[] Y, double[] Weights, int[] Folds) Problem()
    {
        var random = new Random(7);
        var design = new double[Rows * Columns];
        var y = new double[Rows * Targets];
        var weights = new double[Rows];
        var folds = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns - 1; j++)
            {
                design[(i * Columns) + j] = random.NextDouble() - 0.5;
            }

            design[(i * Columns) + Columns - 1] = 1;
            for (var t = 0; t < Targets; t++)
            {
                y[(i * Targets) + t] = (design[i * Columns] * (t + 1)) - design[(i * Columns) + 3] + (0.1 * random.NextDouble()) + 0.2;
            }

            weights[i] = i % 5 == 0 ? 3 : 1;
            folds[i] = i % 4;
        }

        return (design, y, weights, folds);
    }

    // The textbook weighted ridge on the rows outside the fold, with the constant (last chosen column) unpenalised.
    private static Matrix<double> Direct(double[] design, double[] y, double[] weights, int[] folds, int excluded, int[] columns, double penalty)
    {
        var rows = Enumerable.Range(0, Rows).Where(i => folds[i] != excluded).ToArray();
        var x = Matrix<double>.Build.Dense(rows.Length, columns.Length, (r, c) => design[(rows[r] * Columns) + columns[c]]);
        var t = Matrix<double>.Build.Dense(rows.Length, Targets, (r, c) => y[(rows[r] * Targets) + c]);
        var w = Matrix<double>.Build.Diagonal(rows.Length, rows.Length, r => weights[rows[r]]);
        var a = (x.Transpose() * w * x) + Matrix<double>.Build.Diagonal(columns.Length, columns.Length, c => columns[c] == Columns - 1 ? 0 : penalty);
        return a.Solve(x.Transpose() * w * t); // columns x targets
    }

    [Theory]
    [InlineData(-1, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(0, 30)]
    public void Solve_EqualsDirectWeightedRidge_OnAllOrSomeColumns(int excluded, double penalty)
    {
        var (design, y, weights, folds) = Problem();
        var gram = new FoldedGram(design, Columns, y, Targets, weights, folds, 4);
        foreach (var columns in new[] { Enumerable.Range(0, Columns).ToArray(), new[] { 0, 3, 5, Columns - 1 } })
        {
            var solved = gram.Solve(excluded, columns, penalty);
            var direct = Direct(design, y, weights, folds, excluded, columns, penalty);
            for (var t = 0; t < Targets; t++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    Assert.Equal(direct[c, t], solved[(t * columns.Length) + c], 1e-8);
                }
            }
        }
    }

    [Fact]
    public void OutOfFold_EachRowScoredByTheReadoutTrainedWithoutItsFold()
    {
        var (design, y, weights, folds) = Problem();
        var gram = new FoldedGram(design, Columns, y, Targets, weights, folds, 4);
        var columns = new[] { 0, 1, 3, Columns - 1 };
        var scores = gram.OutOfFold(columns, 2, Rows);
        foreach (var row in new[] { 0, 1, 2, 3, 150, 299 })
        {
            var direct = Direct(design, y, weights, folds, folds[row], columns, 2);
            for (var t = 0; t < Targets; t++)
            {
                var expected = columns.Select((c, j) => design[(row * Columns) + c] * direct[j, t]).Sum();
                Assert.Equal(expected, scores[(row * Targets) + t], 1e-8);
            }
        }
    }

    [Fact]
    public void Solve_SingularWithoutPenalty_ThrowsNamingTheSize()
    {
        var (design, y, weights, folds) = Problem();
        for (var i = 0; i < Rows; i++)
        {
            design[(i * Columns) + 1] = design[i * Columns]; // two equal columns
        }

        var gram = new FoldedGram(design, Columns, y, Targets, weights, folds, 4);
        var e = Assert.Throws<InvalidOperationException>(() => gram.Solve(-1, [0, 1, Columns - 1], 0));
        Assert.Contains("3 columns", e.Message, StringComparison.Ordinal);
    }
}
