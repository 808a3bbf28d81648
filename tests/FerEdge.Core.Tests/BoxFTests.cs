using FerEdge.Core.Geometry;

namespace FerEdge.Core.Tests;

public sealed class BoxFTests
{
    [Fact]
    public void IntersectionOverUnion_HalfOverlap_IsOneThird()
    {
        var a = new BoxF(0, 0, 2, 2);
        var b = new BoxF(1, 0, 2, 2);
        Assert.Equal(1f / 3f, a.IntersectionOverUnion(b), 5);
    }

    [Fact]
    public void IntersectionOverUnion_Disjoint_IsZero()
    {
        Assert.Equal(0f, new BoxF(0, 0, 1, 1).IntersectionOverUnion(new BoxF(5, 5, 1, 1)));
    }
}
