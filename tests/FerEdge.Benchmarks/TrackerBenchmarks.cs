using BenchmarkDotNet.Attributes;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Core.Tracking;
using FerEdge.Vision.Perception;
using OpenCvSharp;

namespace FerEdge.Benchmarks;

/// <summary>
/// Cost of the in-between-keyframe path for the shipped 32-landmark subset: the pyramid a tracked frame builds,
/// Lucas-Kanade forward into the next frame and back on prebuilt pyramids, and a whole tracked frame (pyramid, both
/// passes, similarity fill, policy), with OpenCV's calcOpticalFlowPyrLK forward and back at the same window and
/// levels (raw whole images, so it builds its pyramids inside; one thread) as the reference. Two settings: OpenCV's
/// defaults (21x21 window, 3 levels) over the whole frame, and the shipped ones (16x16, 2 levels) over a region
/// around the points. Frames are the first two of the shared single_face.mp4 (gray by OpenCV); the points are the
/// subset of the full 68-point fit (detection + fit) on the first.
/// </summary>
[MemoryDiagnoser]
public class TrackerBenchmarks : IDisposable
{
    // The shipped classifiers' landmark union (models/manifest.json).
    private static readonly int[] Subset = [7, 8, 10, 17, 18, 20, 21, 22, 31, 35, 36, 37, 38, 40, 41, 45, 47, 48, 49, 50, 52, 53, 54, 55, 56, 59, 60, 63, 64, 65, 66, 67];

    private LucasKanadeOptions _options = new();
    private GrayImage _frame0 = null!;
    private GrayImage _frame1 = null!;
    private ImagePyramid _pyramid0 = null!;
    private ImagePyramid _pyramid1 = null!;
    private ImagePyramid _scratch = null!;
    private PixelRect _region;
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

    /// <summary>Tracker settings: OpenCV's defaults over the whole frame, or the shipped ones over a region.</summary>
    [Params("21x21 L3 whole", "16x16 L2 region")]
    public string Settings { get; set; } = "21x21 L3 whole";

    [GlobalSetup]
    public void Setup()
    {
        // One thread, like the managed tracker: OpenCV would otherwise split the points across both cores.
        Cv2.SetNumThreads(1);
        var shipped = Settings.Contains("region", StringComparison.Ordinal);
        _options = shipped ? new LucasKanadeOptions() : LucasKanadeOptions.OpenCvDefaults;
        var trackerOptions = new LandmarkSubsetTrackerOptions { LucasKanade = _options, TrackInRegion = shipped };
        (_frame0, _frame1) = ReadFirstFrames();
        var shape = FitShape(_frame0);

        _tracker = new LandmarkSubsetTracker(Subset, trackerOptions);
        _tracker.SetKeyframe(_frame0, shape);
        _region = _tracker.Region;
        _points = Array.ConvertAll(Subset, i => shape[i]);
        _pyramid0 = new ImagePyramid(_options);
        _pyramid1 = new ImagePyramid(_options);
        _scratch = new ImagePyramid(_options);
        _pyramid0.Build(_frame0, _region);
        _pyramid1.Build(_frame1, _region);
        _scratch.Build(_frame0, _region);
        _lk = new PyramidalLucasKanade(_options);

        _mat0 = Mat.FromPixelData(_frame0.Height, _frame0.Width, MatType.CV_8UC1, _frame0.Buffer);
        _mat1 = Mat.FromPixelData(_frame1.Height, _frame1.Width, MatType.CV_8UC1, _frame1.Buffer);
        _cvPoints = Array.ConvertAll(_points, p => new Point2f(p.X, p.Y));
        _forward = new Point2[_points.Length];
        _backward = new Point2[_points.Length];
        _found = new bool[_points.Length];
        _error = new float[_points.Length];
    }

    /// <summary>The pyramid (levels and Scharr gradients) a tracked frame builds: whole frame or region.</summary>
    [Benchmark]
    public void BuildPyramid() => _scratch.Build(_frame1, _region);

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

    /// <summary>OpenCV (native, SIMD) forward and back on the same frames, points and settings; allocates its outputs.</summary>
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
        var path = Path.Combine(BenchmarkPaths.Root, "..", "shared", "data", "videos", "single_face.mp4");
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            throw new FileNotFoundException($"Cannot open {path}.", path);
        }

        return (ReadGray(capture, path), ReadGray(capture, path));
    }

    // The 68 points of the largest face's full fit, as a keyframe gives them.
    private static Point2[] FitShape(GrayImage frame)
    {
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions
        {
            BlazeFaceDirectory = Path.Combine(BenchmarkPaths.Root, "models", "third_party", "blazeface"),
        });
        if (landmarker.Detect(frame) == 0)
        {
            throw new InvalidOperationException("No face found on the first frame of single_face.mp4.");
        }

        var shape = new float[Face68.ShapeLength];
        landmarker.FitDetection(frame, landmarker.Faces[0], shape);
        var points = new Point2[shape.Length / 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Point2(shape[2 * i], shape[(2 * i) + 1]);
        }

        return points;
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
}

// dotnet run -c Release --project tests/FerEdge.Benchmarks -- --filter "*TrackerBenchmarks*" --job short --inProcess
// 2026-11-24 05:00 UTC, AMD EPYC 2.60GHz (2 cores shared with other builds: load average 8-17 during the run, so the
// error columns are wide and absolute times pessimistic), .NET 10.0.12, X64 RyuJIT x86-64-v4, BenchmarkDotNet 0.15.8,
// ShortRun (3 iterations), in-process toolchain (the out-of-process build timed out under the load). The 32 shipped
// landmarks of single_face.mp4's first frame. "16x16 L2 region" builds 3 levels over the region the tracker chooses
// around the face, "21x21 L3 whole" 4 levels of the whole 640x360 frame. The byte in Allocated is
// BenchmarkDotNet's averaging noise; the unit tests measure 0 bytes per Track and per Build.
//
// | Method                | Settings        | Mean       | Error       | StdDev   | Allocated |
// |---------------------- |---------------- |-----------:|------------:|---------:|----------:|
// | BuildPyramid          | 16x16 L2 region |   154.4 us |   419.43 us | 22.99 us |       1 B |
// | TrackForwardBackward  | 16x16 L2 region |   277.5 us |    79.76 us |  4.37 us |         - |
// | TrackFrame            | 16x16 L2 region |   429.5 us |   518.37 us | 28.41 us |         - |
// | OpenCvForwardBackward | 16x16 L2 region |   740.7 us | 1,593.24 us | 87.33 us |    2096 B |
// | BuildPyramid          | 21x21 L3 whole  |   248.5 us |   191.28 us | 10.48 us |         - |
// | TrackForwardBackward  | 21x21 L3 whole  |   792.8 us |   529.19 us | 29.01 us |         - |
// | TrackFrame            | 21x21 L3 whole  | 1,091.7 us |   292.98 us | 16.06 us |         - |
// | OpenCvForwardBackward | 21x21 L3 whole  | 1,384.3 us | 1,009.57 us | 55.34 us |    2096 B |
