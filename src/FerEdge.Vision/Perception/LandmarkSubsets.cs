using FerEdge.Core.Landmarks;

namespace FerEdge.Vision.Perception;

/// <summary>
/// Named subsets of dlib's 68-point layout for the subset tracker. The shipped subset is chosen later by landmark
/// pruning; these are the hand-picked reference sizes the front-end reports measure (all 68, 34 and 17 points).
/// </summary>
/// <remarks>
/// Indices are those of <see cref="Face68"/>. Both reduced subsets are left-right symmetric and keep every region the expression classifiers use (brows, eyes,
/// nose, mouth, jaw), spending most points on the mouth and brows, which move most between expressions.
/// Arrays are fresh copies, so callers may keep or change them.
/// </remarks>
public static class LandmarkSubsets
{
    /// <summary>All 68 points in order.</summary>
    public static int[] All()
    {
        var all = new int[Face68.PointCount];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return all;
    }

    /// <summary>
    /// 34 points: jaw 0, 4, 8, 12, 16; brows 17, 19, 21, 22, 24, 26; nose 27, 30, 31, 33, 35; eyes (corners, one
    /// upper and one lower lid point each) 36, 37, 39, 41, 42, 44, 45, 46; outer lips 48, 50, 51, 52, 54, 56, 57, 58;
    /// inner lips 62, 66.
    /// </summary>
    public static int[] Points34() =>
    [
        0, 4, 8, 12, 16,
        17, 19, 21, 22, 24, 26,
        27, 30, 31, 33, 35,
        36, 37, 39, 41, 42, 44, 45, 46,
        48, 50, 51, 52, 54, 56, 57, 58,
        62, 66,
    ];

    /// <summary>
    /// 17 points: chin 8; brows (outer, middle, inner) 17, 19, 21, 22, 24, 26; eye corners 36, 39, 42, 45; nose tip 30
    /// and base 33; mouth corners 48, 54 and lip midpoints 51, 57.
    /// </summary>
    public static int[] Points17() =>
    [
        8,
        17, 19, 21, 22, 24, 26,
        36, 39, 42, 45,
        30, 33,
        48, 51, 54, 57,
    ];

    /// <summary>The subset with <paramref name="size"/> points (68, 34 or 17).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No subset of that size is defined.</exception>
    public static int[] OfSize(int size) => size switch
    {
        Face68.PointCount => All(),
        34 => Points34(),
        17 => Points17(),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Defined subsets have 68, 34 or 17 points."),
    };
}
