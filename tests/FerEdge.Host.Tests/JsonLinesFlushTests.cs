using System.Text;
using FerEdge.Pipeline.Output;
using FerEdge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Host.Tests;

/// <summary>The JSON-lines sink's flush interval in virtual time: lines reach the file when the interval passes, even with no new frame.</summary>
public sealed class JsonLinesFlushTests
{
    [Fact]
    public async Task Publish_NoFurtherFrames_TimerFlushesWholeLinesWithinTheInterval()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("jsonl-timer"), "out.jsonl");
        var clock = new ManualTimeProvider();
        var sink = new JsonLinesSink(new JsonLinesOptions { Path = path, FlushInterval = TimeSpan.FromSeconds(1) }, clock, NullLogger.Instance);
        for (var i = 0; i < 3; i++)
        {
            sink.Publish(null!, Encoding.UTF8.GetBytes($"{{\"frame\":{i}}}"), default);
        }

        Assert.Equal(0, new FileInfo(path).Length);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, new FileInfo(path).Length);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["{\"frame\":0}", "{\"frame\":1}", "{\"frame\":2}"], File.ReadAllLines(path));

        clock.Advance(TimeSpan.FromMilliseconds(300));
        sink.Publish(null!, Encoding.UTF8.GetBytes("{\"frame\":3}"), default);
        Assert.Equal(3, File.ReadAllLines(path).Length);
        clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(4, File.ReadAllLines(path).Length);
        await sink.DisposeAsync();
    }
}
