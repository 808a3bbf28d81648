using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;

namespace FerEdge.Core.Tests.Detection;

public sealed class DlibBoxCalibrationTests
{
    // A 100-pixel box centred at (150, 250): eyes 40 apart 20 above the centre, mouth 30 below it.
    private static readonly FaceDetection Face = new(
        new BoxF(100, 200, 100, 100),
        0.9f,
        new Point2(130, 230),
        new Point2(170, 230),
        new Point2(150, 255),
        new Point2(150, 280),
        new Point2(105, 240),
        new Point2(195, 240));

    [Fact]
    public void Features_KnownFace_AreRelativeToCentreInBoxUnits()
    {
        Span<float> f = stackalloc float[DlibBoxCalibration.FeatureCount];

        DlibBoxCalibration.Features(Face, f);

        float[] expected = [1f, 0f, -0.2f, 0f, 0.3f, 0.4f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], f[i], 5);
        }
    }

    [Fact]
    public void Apply_ExplicitCoefficients_ShiftsAndScalesInBoxUnits()
    {
        // Centre x: +0.1 s; centre y: 0.5 * mouth-y feature (0.15 s); side: 0.8 + 0.5 * eye distance (1.0 s).
        float[] cx = [0.1f, 0, 0, 0, 0, 0];
        float[] cy = [0, 0, 0, 0, 0.5f, 0];
        float[] side = [0.8f, 0, 0, 0, 0, 0.5f];

        var box = DlibBoxCalibration.Apply(Face, cx, cy, side);

        Assert.Equal(160f, box.CenterX, 3);
        Assert.Equal(265f, box.CenterY, 3);
        Assert.Equal(100f, box.Width, 3);
        Assert.Equal(100f, box.Height, 3);
    }

    [Fact]
    public void Apply_ShippedCoefficients_GiveASquareBoxNearTheFace()
    {
        var box = DlibBoxCalibration.Apply(Face);

        Assert.Equal(box.Width, box.Height);
        Assert.InRange(box.Width, 60f, 160f);
        Assert.True(box.IntersectionOverUnion(Face.Box) > 0.4f);
    }

    [Fact]
    public void ToDlibRect_Box_IsInclusiveWithSameSize()
    {
        var r = DlibBoxCalibration.ToDlibRect(new BoxF(10.4f, 20.6f, 50f, 50f));

        Assert.Equal(new DlibRect(10, 21, 59, 70), r);
        Assert.Equal(50, r.Width);
    }

    [Fact]
    public void Features_EmptyBox_ThrowsNamingIt()
    {
        var p = new Point2(0, 0);
        var empty = new FaceDetection(new BoxF(0, 0, 0, 0), 1f, p, p, p, p, p, p);

        Assert.Throws<ArgumentException>(() => DlibBoxCalibration.Features(empty, new float[DlibBoxCalibration.FeatureCount]));
    }
}
