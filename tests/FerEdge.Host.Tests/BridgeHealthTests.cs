using FerEdge.Host.Health;
using FerEdge.Pipeline;

namespace FerEdge.Host.Tests;

/// <summary>
/// The health report of a bridged device, on a manual clock: the bridge's broker away for longer than the readiness
/// window makes the device degraded with its own reason, and its return clears it; a device without a bridge never
/// names one.
/// </summary>
public sealed class BridgeHealthTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public void Evaluate_BridgeAwayLongerThanTheWindow_DegradedNamingTheBridgeUntilItIsBack()
    {
        var clock = new ManualTimeProvider();
        var health = new ServiceHealth(Window, clock);
        var bridgeUp = false;
        health.Attach(new PipelineCounters(), [], () => true, () => bridgeUp);
        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.DoesNotContain("MQTT bridge unreachable", health.Evaluate().Reason ?? "", StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("MQTT bridge unreachable", health.Evaluate().Reason ?? "", StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var away = health.Evaluate();
        Assert.Equal("degraded", away.State);
        Assert.Contains("MQTT bridge unreachable", away.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("MQTT broker unreachable", away.Reason, StringComparison.Ordinal);

        bridgeUp = true;
        Assert.DoesNotContain("MQTT bridge unreachable", health.Evaluate().Reason ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoBridge_NeverNamesOne()
    {
        var clock = new ManualTimeProvider();
        var health = new ServiceHealth(Window, clock);
        health.Attach(new PipelineCounters(), [], () => true);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.DoesNotContain("bridge", health.Evaluate().Reason ?? "", StringComparison.Ordinal);
    }
}
