using FerEdge.Core.Diagnostics;
using FerEdge.Testing;

namespace FerEdge.Core.Tests.Diagnostics;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_UniformValues_WithinBucketWidth()
    {
        var h = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            h.Record(i * 0.01); // 0.01 .. 10 ms
        }

        Assert.Equal(1000, h.Count);
        Assert.InRange(h.Percentile(50), 5.0, 5.02);
        Assert.InRange(h.Percentile(99), 9.9, 9.92);
        Assert.Equal(10.0, h.MaxMilliseconds, 3);
    }

    [Fact]
    public void Percentile_CoarseAndOverflowValues_AreBoundedByMax()
    {
        var h = new LatencyHistogram();
        h.Record(25.04);
        h.Record(3000);
        Assert.InRange(h.Percentile(50), 25.0, 25.1);
        Assert.Equal(3000, h.Percentile(100), 3);
    }

    [Fact]
    public void Percentile_Empty_IsZero() => Assert.Equal(0, new LatencyHistogram().Percentile(50));

    [Fact]
    public void Record_NoAllocation()
    {
        var h = new LatencyHistogram();
        h.Record(1);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                h.Record(i % 50);
            }
        }));
    }
}
