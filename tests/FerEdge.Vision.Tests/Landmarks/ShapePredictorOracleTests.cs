using System.Globalization;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;

namespace FerEdge.Vision.Tests.Landmarks;

/// <summary>
/// The managed predictor against dlib's C++ shape_predictor on the same gray PNGs and boxes. The oracle prints six
/// decimals, so an exact reproduction differs by at most about 1e-5 px (float output of a double value plus print
/// rounding); the asserted bounds are the contract, the printed numbers show how close it is.
/// </summary>
public sealed class ShapePredictorOracleTests(LandmarkOracleFixture fixture) : IClassFixture<LandmarkOracleFixture>
{
    private const double MaxMeanDifference = 0.05;
    private const double MaxDifference = 0.5;

    [Fact]
    public void Predict_EveryFrameOfSingleFaceVideo_MatchesDlib()
    {
        var faces = fixture.VideoFaces;
        Assert.Equal(fixture.VideoFrameCount, faces.Select(f => f.ImagePath).Distinct().Count());
        AssertMatchesOracle(faces, "single_face.mp4 frames");
    }

    [Fact]
    public void Predict_UpsampledCkPlusCrops_MatchesDlib()
    {
        var faces = fixture.CkFaces;
        Assert.True(faces.Count >= 50, $"Only {faces.Count} CK+ faces were compared.");
        AssertMatchesOracle(faces, "CK+48 x4");
    }

    [Fact]
    public void Predict_FacesInTheWildWithDlibBoxes_MatchesDlib()
    {
        var faces = fixture.WildFaces;
        Assert.True(faces.Count >= 50, $"dlib's detector found only {faces.Count} faces in the faces-in-the-wild sample.");
        AssertMatchesOracle(faces, "faces-in-the-wild");
    }

    [Fact]
    public void Predict_PointOverload_EqualsFloatOverload()
    {
        var face = fixture.WildFaces[0];
        var image = LandmarkOracleFixture.LoadGray(face.ImagePath);
        var predictor = new ShapePredictor(fixture.Model);
        var floats = new float[predictor.LandmarkCount * 2];
        var points = new Point2[predictor.LandmarkCount];
        predictor.Predict(image, face.Box, floats);
        predictor.Predict(image, face.Box, points);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.Equal(new Point2(floats[2 * i], floats[(2 * i) + 1]), points[i]);
        }
    }

    [Fact]
    public void Predict_EmptyBoxOrShortOutput_Throws()
    {
        var image = LandmarkOracleFixture.LoadGray(fixture.WildFaces[0].ImagePath);
        var predictor = new ShapePredictor(fixture.Model);
        var empty = Assert.Throws<ArgumentException>(() => predictor.Predict(image, new DlibRect(10, 10, 5, 40), new float[136]));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var shortOutput = Assert.Throws<ArgumentException>(() => predictor.Predict(image, new DlibRect(10, 10, 50, 50), new float[135]));
        Assert.Contains("136", shortOutput.Message, StringComparison.Ordinal);
    }

    private void AssertMatchesOracle(IReadOnlyList<OracleFace> faces, string name)
    {
        var model = new ShapePredictor(fixture.Model);
        var output = new float[model.LandmarkCount * 2];
        double sum = 0, max = 0;
        long count = 0, roundedMismatches = 0;
        foreach (var face in faces)
        {
            var image = LandmarkOracleFixture.LoadGray(face.ImagePath);
            model.Predict(image, face.Box, output);
            Assert.Equal(output.Length, face.Landmarks.Length);
            for (var i = 0; i < output.Length; i++)
            {
                var diff = Math.Abs(output[i] - (double)face.Landmarks[i]);
                sum += diff;
                max = Math.Max(max, diff);
                count++;
                if (Math.Floor(output[i] + 0.5) != Math.Floor(face.Landmarks[i] + 0.5))
                {
                    roundedMismatches++;
                }
            }
        }

        var mean = sum / count;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {faces.Count} faces, {count} coordinates, mean |diff| {mean:E2} px, max {max:E2} px, rounded-pixel mismatches {roundedMismatches}"));
        Assert.True(mean <= MaxMeanDifference, $"{name}: mean |diff| {mean} px exceeds {MaxMeanDifference}");
        Assert.True(max <= MaxDifference, $"{name}: max |diff| {max} px exceeds {MaxDifference}");
    }
}
