using FerEdge.Core.Options;

namespace FerEdge.Core.Tracking;

/// <summary>
/// Settings of <see cref="PyramidalLucasKanade"/>. The defaults are what ships: a 16x16 window and 2 levels above
/// the full-resolution one (the window's rows are processed in 16-pixel blocks, so 16 costs half of OpenCV's 21, and
/// on the shared videos the tracked error stayed within 0.03 points of 21's; 2 levels reach face motion at video
/// rate), 30 iterations or a step under 0.01 px, minimum eigenvalue 1e-4. <see cref="OpenCvDefaults"/> are OpenCV's
/// <c>calcOpticalFlowPyrLK</c> defaults, for comparisons with OpenCV.
/// </summary>
public sealed record LucasKanadeOptions
{
    /// <summary>OpenCV's defaults: a 21x21 window, 3 levels above the full-resolution one, the rest as shipped.</summary>
    public static LucasKanadeOptions OpenCvDefaults { get; } = new() { WindowWidth = 21, WindowHeight = 21, MaxLevel = 3 };

    /// <summary>Integration window width in pixels (at every level). 3..64.</summary>
    public int WindowWidth { get; init; } = 16;

    /// <summary>Integration window height in pixels (at every level). 3..64.</summary>
    public int WindowHeight { get; init; } = 16;

    /// <summary>
    /// Highest pyramid level used (0 = full resolution only). Fewer levels are used when the pyramid has fewer, as
    /// OpenCV does when a level would be no larger than the window.
    /// </summary>
    public int MaxLevel { get; init; } = 2;

    /// <summary>Maximum Gauss-Newton iterations per level, 1..100 (OpenCV clamps to 0..100).</summary>
    public int MaxIterations { get; init; } = 30;

    /// <summary>Iterations at a level stop once the update step is at most this long, in pixels of that level.</summary>
    public double Epsilon { get; init; } = 0.01;

    /// <summary>
    /// A point is not tracked when the smaller eigenvalue of its 2x2 gradient matrix, divided by the window area, is
    /// under this value. The matrix is in OpenCV's units (Scharr gradients scaled by 1/2^20 before the products are
    /// summed), so thresholds carry over from OpenCV code unchanged.
    /// </summary>
    public double MinEigenvalueThreshold { get; init; } = 1e-4;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        // 64 keeps the vectorised window sums inside 32-bit lanes; OpenCV users rarely go past 31.
        OptionRules.InRange(WindowWidth, 3, 64, nameof(WindowWidth));
        OptionRules.InRange(WindowHeight, 3, 64, nameof(WindowHeight));
        OptionRules.InRange(MaxLevel, 0, 15, nameof(MaxLevel));
        OptionRules.InRange(MaxIterations, 1, 100, nameof(MaxIterations));
        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be a finite, non-negative number of pixels.");
        }

        if (!(MinEigenvalueThreshold >= 0) || double.IsInfinity(MinEigenvalueThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(MinEigenvalueThreshold), MinEigenvalueThreshold, "The eigenvalue threshold must be finite and non-negative.");
        }
    }
}
