using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Tests.Landmarks;

/// <summary>The cascade on hand-made models and images whose tree decisions are known in advance.</summary>
public sealed class ShapePredictorTests
{
    private static readonly DlibRect Box = new(10, 10, 109, 109);

    [Fact]
    public void Predict_BrightRightHalf_TakesLeftBranchInBothTrees()
    {
        // pixel[1] - pixel[0] = 200 > 100: left; pixel[0] - pixel[1] = -200 > -300: left.
        var result = Predict(TinyModels.Build(), HalfImage(leftValue: 0, rightValue: 200));
        AssertShape(TinyModels.Expected(tree0Leaf: 0, tree1Leaf: 0), result);
    }

    [Fact]
    public void Predict_BrightLeftHalf_TakesRightBranchInFirstTree()
    {
        // pixel[1] - pixel[0] = -200, not > 100: right; pixel[0] - pixel[1] = 200 > -300: left.
        var result = Predict(TinyModels.Build(), HalfImage(leftValue: 200, rightValue: 0));
        AssertShape(TinyModels.Expected(tree0Leaf: 1, tree1Leaf: 0), result);
    }

    [Fact]
    public void Predict_EqualPixels_GoesRightOnEqualityToThreshold()
    {
        // A threshold equal to the difference is not exceeded, so dlib goes right: 0 > 0 fails, 0 > -300 holds.
        var result = Predict(TinyModels.Build(threshold0: 0f), HalfImage(leftValue: 50, rightValue: 50));
        AssertShape(TinyModels.Expected(tree0Leaf: 1, tree1Leaf: 0), result);
    }

    [Fact]
    public void Predict_FeaturePixelOutsideImage_ReadsZero()
    {
        // Feature 0 sits a whole box width left of landmark 0, outside the image: it reads 0, not the uniform 200.
        var result = Predict(TinyModels.Build(featureDx: -1f), HalfImage(leftValue: 200, rightValue: 200));
        AssertShape(TinyModels.Expected(tree0Leaf: 0, tree1Leaf: 0), result);
    }

    [Fact]
    public void Predict_FiveTreesWithDifferentDecisions_AddsEachChosenLeafOnce()
    {
        // Five trees (four walked side by side, one alone) with thresholds 150, 250, -150, 199, 200 on
        // pixel[1] - pixel[0] = 200: left (leaf 0), right, left, left, right (200 is not > 200).
        float[] thresholds = [150f, 250f, -150f, 199f, 200f];
        var splits = new (int, int, float)[thresholds.Length][];
        var leaves = new float[thresholds.Length][][];
        var expected = (float[])TinyModels.InitialShape.Clone();
        for (var t = 0; t < thresholds.Length; t++)
        {
            splits[t] = [(1, 0, thresholds[t])];
            var left = new float[6];
            var right = new float[6];
            left[t % 6] = 0.001f * (t + 1);
            right[(t + 3) % 6] = -0.002f * (t + 1);
            leaves[t] = [left, right];
            var chosen = 200f > thresholds[t] ? left : right;
            for (var i = 0; i < 6; i++)
            {
                expected[i] += chosen[i];
            }
        }

        var bytes = DlibModelWriter.Model(TinyModels.InitialShape, [splits], [leaves], [[0, 1]], [[0, 0, 0, 0]]);
        AssertShape(expected, Predict(bytes, HalfImage(leftValue: 0, rightValue: 200)));
    }

    [Fact]
    public void Predict_SameInputTwice_GivesIdenticalOutput()
    {
        using var stream = new MemoryStream(TinyModels.Build());
        var predictor = new ShapePredictor(DlibShapePredictorReader.Read(stream, "tiny.dat"));
        var image = HalfImage(0, 200);
        var first = new float[6];
        var second = new float[6];
        predictor.Predict(image, Box, first);
        predictor.Predict(image, Box, second);
        Assert.Equal(first, second);
    }

    private static float[] Predict(byte[] modelBytes, GrayImage image)
    {
        using var stream = new MemoryStream(modelBytes);
        var predictor = new ShapePredictor(DlibShapePredictorReader.Read(stream, "tiny.dat"));
        var output = new float[6];
        predictor.Predict(image, Box, output);
        return output;
    }

    /// <summary>Maps the expected unit-square shape through the box and compares (box width = right - left in
    /// dlib's mapping).</summary>
    private static void AssertShape(float[] expectedUnit, float[] actualPixels)
    {
        for (var i = 0; i < 3; i++)
        {
            var x = Box.Left + (expectedUnit[2 * i] * (Box.Right - Box.Left));
            var y = Box.Top + (expectedUnit[(2 * i) + 1] * (Box.Bottom - Box.Top));
            Assert.Equal(x, actualPixels[2 * i], 3);
            Assert.Equal(y, actualPixels[(2 * i) + 1], 3);
        }
    }

    private static GrayImage HalfImage(byte leftValue, byte rightValue)
    {
        var image = new GrayImage(120, 120);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            row[..60].Fill(leftValue);
            row[60..].Fill(rightValue);
        }

        return image;
    }
}
