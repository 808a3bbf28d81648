using BenchmarkDotNet.Attributes;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Tracking;
using OpenCvSharp;

namespace FerEdge.Benchmarks;

/// <summary>
/// Cost of the in-between-keyframe path: the pyramid of a 640x360 frame, Lucas-Kanade forward and back on
/// prebuilt pyramids, and a whole tracked frame (pyramid, both passes, similarity fill, policy), for landmark
/// subsets of 17, 34 and 68 points, with OpenCV's calcOpticalFlowPyrLK forward and back (raw images, so it builds
/// its pyramids inside; one thread) as the reference. Frames are the first two of the shared single_face.mp4 (gray by OpenCV);
/// points are OpenCV's good features to track on the first, standing in for landmarks.
/// </summary>
[MemoryDiagnoser]
public class TrackerBenchmarks : IDisposable
{
    private readonly LucasKanadeOptions _options = new();
    private GrayImage _frame0 = null!;
    private GrayImage _frame1 = null!;
    private ImagePyramid _pyramid0 = null!;
    private ImagePyramid _pyramid1 = null!;
    private ImagePyramid _scratch = null!;
    private PyramidalLucasKanade _lk = null!;
    private LandmarkSubsetTracker _tracker = null!;
    private Point2[] _points = [];
    private Point2[] _forward = [];
    private Point2[] _backward = [];
    private bool[] _found = [];
    private float[] _error = [];
    private bool _odd;
    private Mat _mat0 = null!;
    private Mat _mat1 = null!;
    private Point2f[] _cvPoints = [];

    /// <summary>Points tracked per frame.</summary>
    [Params(17, 34, 68)]
    public int PointCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // One thread, like the managed tracker: OpenCV would otherwise split the points across both cores.
        Cv2.SetNumThreads(1);
        (_frame0, _frame1) = ReadFirstFrames();
        _pyramid0 = new ImagePyramid(_options);
        _pyramid1 = new ImagePyramid(_options);
        _scratch = new ImagePyramid(_options);
        _pyramid0.Build(_frame0);
        _pyramid1.Build(_frame1);
        _scratch.Build(_frame0);
        _lk = new PyramidalLucasKanade(_options);

        _mat0 = Mat.FromPixelData(_frame0.Height, _frame0.Width, MatType.CV_8UC1, _frame0.Buffer);
        _mat1 = Mat.FromPixelData(_frame1.Height, _frame1.Width, MatType.CV_8UC1, _frame1.Buffer);
        using var everywhere = new Mat(_mat0.Size(), MatType.CV_8UC1, Scalar.All(255));
        var corners = Cv2.GoodFeaturesToTrack(_mat0, PointCount, 0.01, 8, everywhere, 3, false, 0.04);
        if (corners.Length < PointCount)
        {
            throw new InvalidOperationException($"Only {corners.Length} corners found for {PointCount} points.");
        }

        _cvPoints = corners;
        _points = Array.ConvertAll(corners, c => new Point2(c.X, c.Y));
        _forward = new Point2[PointCount];
        _backward = new Point2[PointCount];
        _found = new bool[PointCount];
        _error = new float[PointCount];

        var subset = new int[PointCount];
        for (var i = 0; i < subset.Length; i++)
        {
            subset[i] = i;
        }

        _tracker = new LandmarkSubsetTracker(subset);
        _tracker.SetKeyframe(_frame0, _points);
    }

    /// <summary>Pyramid (4 levels, Scharr gradients) of one 640x360 frame; independent of the point count.</summary>
    [Benchmark]
    public void BuildPyramid() => _scratch.Build(_frame1);

    /// <summary>Lucas-Kanade forward into the next frame and back, on prebuilt pyramids.</summary>
    [Benchmark]
    public void TrackForwardBackward()
    {
        _lk.Track(_pyramid0, _pyramid1, _points, _forward, _found, _error);
        _lk.Track(_pyramid1, _pyramid0, _forward, _backward, _found, _error);
    }

    /// <summary>A whole tracked frame of <see cref="LandmarkSubsetTracker"/>: pyramid, both passes, fill, policy.</summary>
    [Benchmark]
    public SubsetTrackingResult TrackFrame()
    {
        _odd = !_odd;
        return _tracker.Track(_odd ? _frame1 : _frame0);
    }

    /// <summary>OpenCV (native, SIMD) forward and back on the same frames and points; allocates its outputs.</summary>
    [Benchmark]
    public Point2f[] OpenCvForwardBackward()
    {
        var forward = Array.Empty<Point2f>();
        var backward = Array.Empty<Point2f>();
        var size = new Size(_options.WindowWidth, _options.WindowHeight);
        var criteria = new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, _options.MaxIterations, _options.Epsilon);
        Cv2.CalcOpticalFlowPyrLK(_mat0, _mat1, _cvPoints, ref forward, out _, out _, size, _options.MaxLevel, criteria);
        Cv2.CalcOpticalFlowPyrLK(_mat1, _mat0, forward, ref backward, out _, out _, size, _options.MaxLevel, criteria);
        return backward;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _mat0?.Dispose();
        _mat1?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static (GrayImage, GrayImage) ReadFirstFrames()
    {
        var path = Path.Combine(FindRoot(), "..", "shared", "data", "videos", "single_face.mp4");
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            throw new FileNotFoundException($"Cannot open {path}.", path);
        }

        return (ReadGray(capture, path), ReadGray(capture, path));
    }

    private static GrayImage ReadGray(VideoCapture capture, string path)
    {
        using var bgr = new Mat();
        using var gray = new Mat();
        if (!capture.Read(bgr) || bgr.Empty())
        {
            throw new InvalidOperationException($"{path} has fewer than two frames.");
        }

        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        var image = new GrayImage(gray.Cols, gray.Rows);
        gray.AsSpan<byte>().CopyTo(image.Pixels);
        return image;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FerEdge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FerEdge.sln not found above " + AppContext.BaseDirectory);
    }
}

// dotnet run -c Release --project tests/FerEdge.Benchmarks -- --filter "*Tracker*" --job short
// 2026-11-24, AMD EPYC 2.60GHz (2 cores shared with other builds: load average 8-13 during the run, so the error
// columns are wide and absolute times pessimistic), .NET 10.0.12, X64 RyuJIT x86-64-v4, BenchmarkDotNet 0.15.8,
// ShortRun (3 iterations). The few bytes in Allocated on some managed rows are BenchmarkDotNet's averaging noise;
// the unit tests measure 0 bytes per Track and per Build with GC.GetAllocatedBytesForCurrentThread.
//
// | Method                | PointCount | Mean       | Error       | StdDev    | Allocated |
// |---------------------- |----------- |-----------:|------------:|----------:|----------:|
// | BuildPyramid          | 17         |   418.1 us |  1,854.1 us | 101.63 us |         - |
// | TrackForwardBackward  | 17         | 1,206.7 us |  3,245.4 us | 177.89 us |         - |
// | TrackFrame            | 17         | 1,553.3 us |  1,746.2 us |  95.72 us |         - |
// | OpenCvForwardBackward | 17         | 2,219.0 us |    442.4 us |  24.25 us |    1728 B |
// | BuildPyramid          | 34         |   519.9 us |    412.2 us |  22.60 us |         - |
// | TrackForwardBackward  | 34         | 2,318.6 us |    827.0 us |  45.33 us |         - |
// | TrackFrame            | 34         | 2,995.5 us |  1,988.4 us | 108.99 us |         - |
// | OpenCvForwardBackward | 34         | 2,763.8 us |  3,634.7 us | 199.23 us |    2163 B |
// | BuildPyramid          | 68         |   511.1 us |    357.3 us |  19.59 us |         - |
// | TrackForwardBackward  | 68         | 3,250.4 us | 15,196.1 us | 832.95 us |         - |
// | TrackFrame            | 68         | 4,464.4 us |  4,849.5 us | 265.82 us |       5 B |
// | OpenCvForwardBackward | 68         | 4,363.7 us | 14,217.8 us | 779.33 us |    3040 B |
