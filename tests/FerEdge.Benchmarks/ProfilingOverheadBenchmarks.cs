using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FerEdge.Core.Diagnostics;
using FerEdge.Pipeline.Diagnostics;

namespace FerEdge.Benchmarks;

/// <summary>
/// What profiling adds to one frame: the timestamps the pipeline takes for its stages (14 on a keyframe: reading,
/// perception, detection, landmarks, classifiers, explanation, inference, publishing, end to end), the per-frame
/// record copied between stages, and recording it into the stage histograms and the timeline. Compared with the frame
/// time measured by <c>fer-edge profile</c>, this is the profiling overhead.
/// </summary>
[MemoryDiagnoser]
public class ProfilingOverheadBenchmarks
{
    private const int Timestamps = 14;
    private readonly StageLatencies _stages = new();
    private readonly LatencyHistogram _perception = new();
    private readonly LatencyHistogram _inference = new();
    private readonly LatencyHistogram _publish = new();
    private readonly LatencyHistogram _endToEnd = new();
    // Full after 64k frames: later adds take the overflow path (one interlocked increment instead of a 48-byte store),
    // which costs about the same; an iteration setup to reset it would stop BenchmarkDotNet from batching calls.
    private readonly FrameTimeline _timeline = new(1 << 16);
    private long _frame;

    /// <summary>One keyframe's worth of timing and recording.</summary>
    [Benchmark]
    public long ProfileOneFrame()
    {
        Span<long> t = stackalloc long[Timestamps];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = Stopwatch.GetTimestamp();
        }

        var timing = new FrameTiming { Frame = _frame++, Keyframe = true, CaptureMs = Ms(t[0], t[1]) };
        timing = timing with { DetectionMs = Ms(t[2], t[3]), LandmarksMs = Ms(t[3], t[4]) };
        timing = timing with { ClassifiersMs = Ms(t[6], t[7]), ExplanationMs = Ms(t[7], t[8]) };
        var publishMs = Ms(t[10], t[11]);
        var endToEndMs = Ms(t[1], t[11]);
        _perception.Record(Ms(t[2], t[5]));
        _inference.Record(Ms(t[6], t[9]));
        _publish.Record(publishMs);
        _endToEnd.Record(endToEndMs);
        timing = timing with { PublishMs = publishMs, EndToEndMs = endToEndMs };
        _stages.Record(timing);
        _timeline.Add(timing);
        return t[13];
    }

    private static float Ms(long start, long end) => (float)((end - start) * 1000.0 / Stopwatch.Frequency);
}

// dotnet tests/FerEdge.Benchmarks/bin/Release/net10.0/FerEdge.Benchmarks.dll --filter '*ProfilingOverhead*' --inProcess --job short
// 2026-11-24, AMD EPYC 2.60GHz (2 cores shared with parallel builds, load average 23-31), Debian 12, .NET 10.0.12
// X64 RyuJIT x86-64-v4, BenchmarkDotNet v0.15.8, ShortRun.
//
// | Method          | Mean     | Error    | StdDev   | Allocated |
// |---------------- |---------:|---------:|---------:|----------:|
// | ProfileOneFrame | 718.3 ns | 690.6 ns | 37.85 ns |         - |
//
// Against the frame time fer-edge profile measured on single_face.mp4 (stage work 17 ms per frame under load,
// about 4-5 ms on a quiet core), profiling costs 0.7 us / 4 ms = 0.02 % of a frame: far under the 2 % budget.
// An earlier run with [IterationSetup] (which stops BenchmarkDotNet batching calls) read 5.7 us: a harness artefact.
