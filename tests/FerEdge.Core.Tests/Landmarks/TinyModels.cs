namespace FerEdge.Core.Tests.Landmarks;

/// <summary>
/// A hand-made model small enough to check by hand: 3 landmarks, 2 cascades of 2 depth-1 trees, 2 feature pixels per
/// cascade (feature 0 on landmark 0, feature 1 on landmark 1, at the given offsets).
/// </summary>
internal static class TinyModels
{
    public static readonly float[] InitialShape = [0.2f, 0.3f, 0.8f, 0.3f, 0.5f, 0.8f];

    /// <summary>Leaf [cascade][tree][leaf]: small, distinct moves so every choice shows in the result.</summary>
    public static readonly float[][][][] Leaves =
    [
        [
            [[0.01f, 0, 0, 0, 0, 0], [0.02f, 0, 0, 0, 0, 0]],
            [[0, 0.01f, 0, 0, 0, 0], [0, 0.02f, 0, 0, 0, 0]],
        ],
        [
            [[0, 0, 0.01f, 0, 0, 0], [0, 0, 0.02f, 0, 0, 0]],
            [[0, 0, 0, 0.01f, 0, 0], [0, 0, 0, 0.02f, 0, 0]],
        ],
    ];

    /// <summary>
    /// Tree 0 of each cascade goes left when pixel[1] - pixel[0] &gt; <paramref name="threshold0"/> (100); tree 1 when pixel[0] - pixel[1] &gt; -300.
    /// </summary>
    public static byte[] Build(float featureDx = 0f, int version = 1, int splitFeature = 1, float threshold0 = 100f) =>
        DlibModelWriter.Model(
            InitialShape,
            [
                [[(splitFeature, 0, threshold0)], [(0, 1, -300f)]],
                [[(splitFeature, 0, threshold0)], [(0, 1, -300f)]],
            ],
            Leaves,
            [[0, 1], [0, 1]],
            [[featureDx, 0, 0, 0], [featureDx, 0, 0, 0]],
            version);

    /// <summary>The shape after choosing leaf <paramref name="tree0Leaf"/> in tree 0 and
    /// <paramref name="tree1Leaf"/> in tree 1 of both cascades.</summary>
    public static float[] Expected(int tree0Leaf, int tree1Leaf)
    {
        var shape = (float[])InitialShape.Clone();
        for (var c = 0; c < 2; c++)
        {
            for (var i = 0; i < shape.Length; i++)
            {
                shape[i] += Leaves[c][0][tree0Leaf][i];
                shape[i] += Leaves[c][1][tree1Leaf][i];
            }
        }

        return shape;
    }
}
