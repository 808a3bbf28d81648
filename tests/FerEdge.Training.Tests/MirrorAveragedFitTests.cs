using FerEdge.Capture;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Testing;
using FerEdge.Training.Data;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Tests;

/// <summary>The mirror-averaged landmark fit (<c>--landmarks mirror-average</c>) on real CK+48 crops.</summary>
public sealed class MirrorAveragedFitTests
{
    // The calibrated whole-image box of the x4 crops (models/REPORT.md), deliberately not centred.
    private static readonly DlibRect Box = new(7, 24, 181, 198);

    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    [InlineData(900)]
    public void FitMirrorAveraged_OfTheMirrorImage_IsTheMirrorOfTheFit(int row)
    {
        using var extractor = Extractor();
        var gray = Crop(row);
        var mirrored = LandmarkExtractor.Mirror(gray);
        var w = gray.Width;
        var shape = new float[136];
        var shapeOfMirror = new float[136];

        Assert.True(extractor.FitMirrorAveraged(gray, Box, shape));
        Assert.True(extractor.FitMirrorAveraged(mirrored, new DlibRect(w - 1 - Box.Right, Box.Top, w - 1 - Box.Left, Box.Bottom), shapeOfMirror));

        for (var k = 0; k < 68; k++)
        {
            var m = Face68.MirrorOf(k);
            Assert.Equal(w - 1 - shape[2 * k], shapeOfMirror[2 * m], 1e-3f);
            Assert.Equal(shape[(2 * k) + 1], shapeOfMirror[(2 * m) + 1], 1e-3f);
        }
    }

    [Fact]
    public void FitMirrorAveraged_StaysCloseToTheSingleFitButDiffersFromIt()
    {
        using var extractor = Extractor();
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions { BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface") });
        var single = new float[136];
        var averaged = new float[136];
        double total = 0;
        var count = 0;
        foreach (var row in new[] { 0, 200, 400, 600, 800 })
        {
            var gray = Crop(row);
            Assert.True(extractor.FitMirrorAveraged(gray, Box, averaged));
            landmarker.Fit(gray, Box, single);
            Assert.All(single, v => Assert.True(float.IsFinite(v)));
            for (var k = 0; k < 68; k++)
            {
                total += Math.Sqrt(Math.Pow(averaged[2 * k] - single[2 * k], 2) + Math.Pow(averaged[(2 * k) + 1] - single[(2 * k) + 1], 2));
                count++;
            }
        }

        // A wrong left/right pairing would move eye corners and mouth corners by tens of pixels on these 192-px faces;
        // a correct one moves the points by the fit's own left-right disagreement, about a pixel.
        var mean = total / count;
        Assert.InRange(mean, 0.05, 3.0);
    }

    [Fact]
    public void FitMirrorAveraged_WrongShapeLength_ThrowsNamingTheLength()
    {
        using var extractor = Extractor();
        var e = Assert.Throws<ArgumentException>(() => extractor.FitMirrorAveraged(Crop(0), Box, new float[134]));
        Assert.Contains("134", e.Message, StringComparison.Ordinal);
    }

    private static LandmarkExtractor Extractor() =>
        new(TestPaths.InRepo("models", "third_party", "blazeface"), TestPaths.NewScratchFolder("mirror-fit-cache"));

    private static GrayImage Crop(int row) => LandmarkExtractor.Load(LabelsFile.Read(TestPaths.Data("ckplus48"))[row].Path, 4);
}
