using FerEdge.Training.Numerics;

namespace FerEdge.Training.Wild;

/// <summary>
/// Ridge regression of several targets on one design matrix with the sums kept per cross-validation fold, so that
/// every fold's training solve, for any penalty and any subset of columns, is a sub-block of <c>Σ Gram - Gram_fold</c>
/// and costs one Cholesky solve rather than a pass over the data. Rows arrive weighted (multiplied by the square root
/// of their weight); the last column is the constant, left out of the penalty.
/// </summary>
internal sealed class FoldedGram
{
    private readonly double[][] _blocks;   // per fold: its rows (weighted), n_f x d
    private readonly double[][] _rootWeights; // per fold: √w of each row
    private readonly int[][] _rows;        // per fold: the rows' positions in the design
    private readonly double[][] _grams;    // per fold: upper-triangular d x d
    private readonly double[][] _moments;  // per fold: targets x d (Yᵀ X)
    private readonly double[] _gram;
    private readonly double[] _moment;

    /// <summary>Builds the sums. <paramref name="design"/> is n x <paramref name="columns"/> (unweighted, last column the constant 1).</summary>
    public FoldedGram(double[] design, int columns, double[] targets, int targetCount, double[] weights, int[] folds, int foldCount)
    {
        Columns = columns;
        Targets = targetCount;
        var n = weights.Length;
        _blocks = new double[foldCount][];
        _rootWeights = new double[foldCount][];
        _rows = new int[foldCount][];
        _grams = new double[foldCount][];
        _moments = new double[foldCount][];
        _gram = new double[columns * columns];
        _moment = new double[targetCount * columns];
        for (var f = 0; f < foldCount; f++)
        {
            var rows = new List<int>();
            for (var i = 0; i < n; i++)
            {
                if (folds[i] == f)
                {
                    rows.Add(i);
                }
            }

            _rows[f] = [.. rows];
            var block = new double[rows.Count * columns];
            var y = new double[rows.Count * targetCount];
            var root = new double[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                root[r] = Math.Sqrt(weights[rows[r]]);
                var src = design.AsSpan(rows[r] * columns, columns);
                var dst = block.AsSpan(r * columns, columns);
                for (var j = 0; j < columns; j++)
                {
                    dst[j] = src[j] * root[r];
                }

                for (var t = 0; t < targetCount; t++)
                {
                    y[(r * targetCount) + t] = targets[(rows[r] * targetCount) + t] * root[r];
                }
            }

            _blocks[f] = block;
            _rootWeights[f] = root;
            _grams[f] = new double[columns * columns];
            OpenBlas.GramUpper(block, rows.Count, columns, _grams[f], 1, 0);
            _moments[f] = new double[targetCount * columns];
            OpenBlas.Multiply(true, false, targetCount, columns, rows.Count, 1, y, block, 0, _moments[f]);
            for (var i = 0; i < _gram.Length; i++)
            {
                _gram[i] += _grams[f][i];
            }

            for (var i = 0; i < _moment.Length; i++)
            {
                _moment[i] += _moments[f][i];
            }
        }
    }

    /// <summary>Columns of the design (the last is the constant).</summary>
    public int Columns { get; }

    /// <summary>Targets solved for together.</summary>
    public int Targets { get; }

    /// <summary>Folds.</summary>
    public int FoldCount => _blocks.Length;

    /// <summary>
    /// Ridge weights (targets x |<paramref name="columns"/>|) from every fold but <paramref name="excluded"/> (-1: all
    /// rows), on the given columns (ascending, the constant last), with <paramref name="penalty"/> on all but the constant.
    /// </summary>
    public double[] Solve(int excluded, int[] columns, double penalty)
    {
        var m = columns.Length;
        var a = new double[m * m];
        var b = new double[Targets * m];
        var g = _gram;
        var fg = excluded >= 0 ? _grams[excluded] : null;
        for (var i = 0; i < m; i++)
        {
            var ci = columns[i];
            for (var j = i; j < m; j++)
            {
                var cj = columns[j];
                var idx = (ci * Columns) + cj; // upper triangle: ci <= cj since columns ascend
                a[(i * m) + j] = g[idx] - (fg is null ? 0 : fg[idx]);
            }

            if (ci != Columns - 1)
            {
                a[(i * m) + i] += penalty;
            }
        }

        OpenBlas.Symmetrise(a, m);
        for (var t = 0; t < Targets; t++)
        {
            for (var i = 0; i < m; i++)
            {
                var idx = (t * Columns) + columns[i];
                b[(t * m) + i] = _moment[idx] - (excluded >= 0 ? _moments[excluded][idx] : 0);
            }
        }

        if (!OpenBlas.SolvePositiveDefinite(a, m, b, Targets))
        {
            throw new InvalidOperationException($"ridge system of {m} columns is not positive definite at penalty {penalty}");
        }

        return b;
    }

    /// <summary>Out-of-fold predictions (n x targets, unweighted) on the given columns.</summary>
    public double[] OutOfFold(int[] columns, double penalty, int rowCount)
    {
        var m = columns.Length;
        var result = new double[rowCount * Targets];
        for (var f = 0; f < FoldCount; f++)
        {
            var w = Solve(f, columns, penalty);
            var rows = _rows[f];
            var block = _blocks[f];
            var sub = new double[rows.Length * m];
            for (var r = 0; r < rows.Length; r++)
            {
                for (var j = 0; j < m; j++)
                {
                    sub[(r * m) + j] = block[(r * Columns) + columns[j]];
                }
            }

            var scores = new double[rows.Length * Targets];
            OpenBlas.Multiply(false, true, rows.Length, Targets, m, 1, sub, w, 0, scores);
            for (var r = 0; r < rows.Length; r++)
            {
                for (var t = 0; t < Targets; t++)
                {
                    result[(rows[r] * Targets) + t] = scores[(r * Targets) + t] / _rootWeights[f][r];
                }
            }
        }

        return result;
    }
}
