using FerEdge.Host.Configuration;
using FerEdge.Host.Hosting;

namespace FerEdge.Host.Tests;

/// <summary>What run's hosted services hand each other when the pipeline never starts or the run fails.</summary>
public sealed class RunContextTests
{
    [Fact]
    public async Task WaitForPipelineAsync_HostStopsBeforeThePipelineRuns_ReturnsNull()
    {
        var run = new RunContext(new FerEdgeOptions());
        using var stop = new CancellationTokenSource();

        var wait = run.WaitForPipelineAsync(stop.Token);
        Assert.False(wait.IsCompleted);
        await stop.CancelAsync();

        Assert.Null(await wait);
    }

    [Fact]
    public void Publisher_BeforeTheMessagingServiceStarted_Throws()
    {
        var run = new RunContext(new FerEdgeOptions());

        Assert.Throws<InvalidOperationException>(() => run.Publisher);
    }

    [Fact]
    public void Fail_Twice_KeepsTheFirstFailure()
    {
        var run = new RunContext(new FerEdgeOptions());

        run.Fail(new IOException("disk full"));
        run.Fail(new InvalidOperationException("later"));

        var e = Assert.Throws<IOException>(() => run.Failure!.Throw());
        Assert.Equal("disk full", e.Message);
    }
}
