using FerEdge.Core.Tracking;

namespace FerEdge.Core.Tests.Tracking;

public sealed class RedetectPolicyTests
{
    private readonly RedetectPolicy _policy = new();

    [Fact]
    public void Evaluate_HealthyEarlyFrame_ReturnsNone() =>
        Assert.Equal(RedetectReason.None, _policy.Evaluate(3, 20, 1, 0.2f, 1.05f, 1.1f));

    [Fact]
    public void Evaluate_NinthTrackedFrameOfInterval10_ReturnsInterval()
    {
        Assert.Equal(RedetectReason.None, _policy.Evaluate(8, 20, 0, 0.1f, 1f, 1f));
        Assert.Equal(RedetectReason.Interval, _policy.Evaluate(9, 20, 0, 0.1f, 1f, 1f));
    }

    [Fact]
    public void Evaluate_MoreThanAQuarterLost_ReturnsLostShare()
    {
        Assert.Equal(RedetectReason.None, _policy.Evaluate(1, 20, 5, 0.1f, 1f, 1f));
        Assert.Equal(RedetectReason.LostShare, _policy.Evaluate(1, 20, 6, 0.1f, 1f, 1f));
    }

    [Fact]
    public void Evaluate_LargeOrMissingMedianForwardBackwardError_ReturnsForwardBackwardError()
    {
        Assert.Equal(RedetectReason.ForwardBackwardError, _policy.Evaluate(1, 20, 0, 0.6f, 1f, 1f));
        Assert.Equal(RedetectReason.ForwardBackwardError, _policy.Evaluate(1, 20, 0, float.NaN, 1f, 1f));
    }

    [Theory]
    [InlineData(1.3f)]
    [InlineData(0.75f)]
    [InlineData(float.NaN)]
    public void Evaluate_ScaleOutsideTheFactor_ReturnsScaleChange(float scale) =>
        Assert.Equal(RedetectReason.ScaleChange, _policy.Evaluate(1, 20, 0, 0.1f, scale, 1f));

    [Fact]
    public void Evaluate_ScaleJustInsideTheFactor_ReturnsNone()
    {
        Assert.Equal(RedetectReason.None, _policy.Evaluate(1, 20, 0, 0.1f, 1.24f, 1f));
        Assert.Equal(RedetectReason.None, _policy.Evaluate(1, 20, 0, 0.1f, 0.81f, 1f));
    }

    [Fact]
    public void Evaluate_BoundingBoxHalved_ReturnsCollapse() =>
        Assert.Equal(RedetectReason.Collapse, _policy.Evaluate(1, 20, 0, 0.1f, 1f, 0.4f));

    [Fact]
    public void Evaluate_SeveralProblems_ReportsTheMostSerious() =>
        Assert.Equal(RedetectReason.ScaleChange, _policy.Evaluate(9, 20, 15, 3f, 2f, 0.1f));

    [Fact]
    public void Evaluate_CustomThresholds_AreUsed()
    {
        var policy = new RedetectPolicy(new RedetectPolicyOptions { KeyframeInterval = 3, MaxLostShare = 0.5f });
        Assert.Equal(RedetectReason.None, policy.Evaluate(1, 20, 10, 0.1f, 1f, 1f));
        Assert.Equal(RedetectReason.Interval, policy.Evaluate(2, 20, 10, 0.1f, 1f, 1f));
    }

    [Fact]
    public void Constructor_ScaleFactorNotAboveOne_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RedetectPolicy(new RedetectPolicyOptions { MaxScaleChange = 0.9f }));
        Assert.Equal("MaxScaleChange", ex.ParamName);
    }
}
