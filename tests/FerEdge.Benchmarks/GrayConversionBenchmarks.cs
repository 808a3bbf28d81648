using BenchmarkDotNet.Attributes;
using FerEdge.Core.Imaging;

namespace FerEdge.Benchmarks;

/// <summary>
/// Colour to gray for one 640x360 frame (the capture stage does it for every decoded frame): the shipped vectorised
/// <see cref="GrayConversion.ChannelMean"/> against the per-pixel loop it replaced, on random pixels.
/// </summary>
[MemoryDiagnoser]
public class GrayConversionBenchmarks
{
    private const int Pixels = 640 * 360;
    private readonly byte[] _colour = new byte[Pixels * 3];
    private readonly byte[] _gray = new byte[Pixels];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(_colour);

    [Benchmark(Baseline = true)]
    public byte PerPixel()
    {
        for (var i = 0; i < Pixels; i++)
        {
            var o = i * 3;
            _gray[i] = (byte)(((_colour[o] + _colour[o + 1] + _colour[o + 2]) * 43691) >> 17);
        }

        return _gray[Pixels - 1];
    }

    [Benchmark]
    public byte ChannelMean()
    {
        GrayConversion.ChannelMean(_colour, _gray);
        return _gray[Pixels - 1];
    }
}

// Measured 2026-11-24 04:50 UTC, 2-core AMD EPYC 2.60 GHz shared with other builds (load average 10-13), .NET 10.0.12.
// cd tests/FerEdge.Benchmarks && dotnet run -c Release -- --filter "*GrayConversionBenchmarks*" --inProcess --warmupCount 3 --iterationCount 15
// | Method      | Mean     | Error    | StdDev   | Ratio | RatioSD | Allocated |
// |------------ |---------:|---------:|---------:|------:|--------:|----------:|
// | PerPixel    | 451.8 us | 52.02 us | 46.11 us |  1.01 |    0.15 |         - |
// | ChannelMean | 123.0 us |  8.24 us |  7.71 us |  0.28 |    0.04 |         - |
