using System.Runtime.InteropServices;

namespace FerEdge.Training.Numerics;

/// <summary>
/// The few OpenBLAS routines the closed-form readouts need (Debian's <c>libopenblas0-pthread</c>, installed by
/// <c>tools/setup.sh</c>): the Gram matrix of a row block (<c>dsyrk</c>), a general product (<c>dgemm</c>) and a
/// symmetric positive-definite solve (LAPACK <c>dposv</c>). Row-major throughout; the solve's right-hand sides are
/// stored one per row (a symmetric matrix reads the same in either order).
/// </summary>
internal static partial class OpenBlas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;
    private const int Upper = 121;

    /// <summary>Adds <c>alpha · Aᵀ A</c> (A: <paramref name="rows"/> x <paramref name="columns"/>) into the upper triangle of <paramref name="gram"/> scaled by <paramref name="beta"/>; see <see cref="Symmetrise"/>.</summary>
    public static void GramUpper(ReadOnlySpan<double> a, int rows, int columns, Span<double> gram, double alpha = 1, double beta = 1)
    {
        Check(a.Length >= (long)rows * columns && gram.Length >= (long)columns * columns, "gram");
        if (rows == 0)
        {
            return;
        }

        cblas_dsyrk(RowMajor, Upper, Trans, columns, rows, alpha, ref MemoryMarshal.GetReference(a), columns, beta, ref MemoryMarshal.GetReference(gram), columns);
    }

    /// <summary>C (m x n) = alpha · op(A) op(B) + beta · C, with A m x k (or k x m when transposed) and B k x n (or n x k).</summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        double beta, Span<double> c)
    {
        Check(a.Length >= (long)m * k && b.Length >= (long)k * n && c.Length >= (long)m * n, "multiply");
        if (m == 0 || n == 0)
        {
            return;
        }

        cblas_dgemm(RowMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, alpha,
            ref MemoryMarshal.GetReference(a), transposeA ? m : k, ref MemoryMarshal.GetReference(b), transposeB ? k : n, beta,
            ref MemoryMarshal.GetReference(c), n);
    }

    /// <summary>Copies the upper triangle of an n x n matrix into its lower one.</summary>
    public static void Symmetrise(Span<double> matrix, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                matrix[(j * n) + i] = matrix[(i * n) + j];
            }
        }
    }

    /// <summary>
    /// Solves <c>A X = B</c> for symmetric positive-definite A (n x n, overwritten by its Cholesky factor);
    /// <paramref name="rhs"/> holds the <paramref name="count"/> right-hand sides one per row and receives the solutions.
    /// Returns false when A is not positive definite.
    /// </summary>
    public static bool SolvePositiveDefinite(Span<double> a, int n, Span<double> rhs, int count)
    {
        Check(a.Length >= (long)n * n && rhs.Length >= (long)n * count, "solve");
        var uplo = (byte)'U';
        var info = 0;
        dposv_(ref uplo, ref n, ref count, ref MemoryMarshal.GetReference(a), ref n, ref MemoryMarshal.GetReference(rhs), ref n, ref info);
        return info == 0;
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new ArgumentException($"{what}: buffer shorter than the dimensions");
        }
    }

    [LibraryImport(Library)]
    private static partial void cblas_dsyrk(int order, int uplo, int trans, int n, int k, double alpha, ref double a, int lda, double beta, ref double c, int ldc);

    [LibraryImport(Library)]
    private static partial void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, ref double a, int lda, ref double b, int ldb,
        double beta, ref double c, int ldc);

    [LibraryImport(Library)]
    private static partial void dposv_(ref byte uplo, ref int n, ref int nrhs, ref double a, ref int lda, ref double b, ref int ldb, ref int info);
}
