using System.Buffers;
using System.Text.Json;
using FerEdge.Core.Contract;
using FerEdge.Core.Diagnostics;

namespace FerEdge.Core.Tests.Contract;

public sealed class MetricsPayloadTests
{
    [Fact]
    public void Write_AfterTheFirstFrame_HoldsColdStartAndFirstFrameBesideTheOtherFields()
    {
        var metrics = Message() with { ColdStartMs = 812.345, FirstFrameMs = 21.26 };

        using var doc = Write(metrics);
        var root = doc.RootElement;
        Assert.Equal(812.3, root.GetProperty("cold_start_ms").GetDouble());
        Assert.Equal(21.3, root.GetProperty("first_frame_ms").GetDouble());
        Assert.Equal(40, root.GetProperty("frames").GetInt64());
        Assert.Equal(20.0, root.GetProperty("fps").GetDouble());
        Assert.Equal(1, root.GetProperty("stages").GetProperty("end_to_end").GetProperty("count").GetInt64());
    }

    [Fact]
    public void Write_BeforeTheFirstFrame_StartUpFiguresAreNull()
    {
        using var doc = Write(Message());

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("cold_start_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("first_frame_ms").ValueKind);
    }

    private static MetricsMessage Message()
    {
        var endToEnd = new LatencyHistogram();
        endToEnd.Record(2.5);
        return new MetricsMessage(40, 20, 0, 0.1, 50, 100, [new("end_to_end", endToEnd)]);
    }

    private static JsonDocument Write(MetricsMessage metrics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MetricsPayload.Write(buffer, "test", metrics);
        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
