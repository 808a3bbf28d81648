using FerEdge.Pipeline.Frames;

namespace FerEdge.Pipeline.Tests;

public sealed class FramePoolTests
{
    [Fact]
    public void TryRent_AllInUse_Fails()
    {
        var pool = new FramePool(2);
        Assert.True(pool.TryRent(out var a));
        Assert.True(pool.TryRent(out var b));
        Assert.False(pool.TryRent(out _));
        Assert.Equal(2, pool.InUse);
        a.Return();
        Assert.True(pool.TryRent(out var c));
        Assert.Same(a, c);
        b.Return();
        c.Return();
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void Return_Twice_Throws()
    {
        var pool = new FramePool(1);
        Assert.True(pool.TryRent(out var a));
        a.Return();
        Assert.Throws<InvalidOperationException>(a.Return);
        Assert.Equal(0, pool.InUse);
    }
}
