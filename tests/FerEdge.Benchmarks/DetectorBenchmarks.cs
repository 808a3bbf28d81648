using BenchmarkDotNet.Attributes;
using FerEdge.Core.Detection;
using FerEdge.Vision.Detection;
using OpenCvSharp;

namespace FerEdge.Benchmarks;

/// <summary>
/// BlazeFace detection (resize into the input tensor, inference on one thread, decoding, NMS) on the first 640x360
/// frame of single_face.mp4, per model.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks : IDisposable
{
    private BlazeFaceDetector? _detector;
    private byte[] _frame = [];
    private int _width;
    private int _height;
    private int _stride;
    private readonly List<FaceDetection> _faces = new(8);

    /// <summary>The model under test.</summary>
    [Params(BlazeFaceModel.Front128, BlazeFaceModel.Back256)]
    public BlazeFaceModel Model { get; set; }

    /// <summary>Loads the model and decodes the frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var root = BenchmarkPaths.Root;
        var video = Environment.GetEnvironmentVariable("FEREDGE_SHARED") is { Length: > 0 } shared
            ? Path.Combine(shared, "data", "videos", "single_face.mp4")
            : Path.Combine(root, "..", "shared", "data", "videos", "single_face.mp4");
        using (var capture = new VideoCapture(video))
        using (var mat = new Mat())
        {
            if (!capture.Read(mat) || mat.Empty())
            {
                throw new InvalidDataException($"cannot read a frame from {video}");
            }

            _frame = mat.AsSpan<byte>().ToArray();
            _width = mat.Width;
            _height = mat.Height;
            _stride = (int)mat.Step();
        }

        var model = Path.Combine(root, "models", "third_party", "blazeface", BlazeFaceDetector.DefaultFileName(Model));
        _detector = new BlazeFaceDetector(model, Model);
        // Prime the size-dependent tables so the measured calls are steady-state frames.
        Detect();
    }

    /// <summary>Disposes the detector.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _detector?.Dispose();
        _detector = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>One frame through the detector.</summary>
    [Benchmark]
    public int Detect() => _detector!.Detect(_frame, _width, _height, _stride, PixelLayout.Bgr24, _faces);
}

// Run: cd tests/FerEdge.Benchmarks && dotnet run -c Release -- --filter "*DetectorBenchmarks*" --inProcess
// (in-process because BenchmarkDotNet's generated project under tests/ inherits the xunit global using.)
// 2026-11-24, AMD EPYC 2.60GHz, 2 cores shared with parallel builds (load average ~10, so means are inflated and
// bimodal; detect-report's p50 on a quieter machine was 1.4 ms front / 7.2 ms back), .NET 10.0.12, 1 intra-op thread.
//
// | Method | Model    | Mean      | Error     | StdDev    | Allocated |
// |------- |--------- |----------:|----------:|----------:|----------:|
// | Detect | Front128 |  2.795 ms | 0.2771 ms | 0.8171 ms |         - |
// | Detect | Back256  | 15.670 ms | 1.1732 ms | 3.4591 ms |         - |
