using BenchmarkDotNet.Attributes;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Tracking;
using OpenCvSharp;

namespace FerEdge.Benchmarks;

/// <summary>
/// Cost of the in-between-keyframe path: the pyramid of a 640x360 frame, Lucas-Kanade forward and back on
/// prebuilt pyramids, and a whole tracked frame (pyramid, both passes, similarity fill, policy), for landmark
/// subsets of 17, 34 and 68 points. Frames are the first two of the shared single_face.mp4 (gray by OpenCV);
/// points are OpenCV's good features to track on the first, standing in for landmarks.
/// </summary>
[MemoryDiagnoser]
public class TrackerBenchmarks
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

    /// <summary>Points tracked per frame.</summary>
    [Params(17, 34, 68)]
    public int PointCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_frame0, _frame1) = ReadFirstFrames();
        _pyramid0 = new ImagePyramid(_options);
        _pyramid1 = new ImagePyramid(_options);
        _scratch = new ImagePyramid(_options);
        _pyramid0.Build(_frame0);
        _pyramid1.Build(_frame1);
        _scratch.Build(_frame0);
        _lk = new PyramidalLucasKanade(_options);

        using var gray = Mat.FromPixelData(_frame0.Height, _frame0.Width, MatType.CV_8UC1, _frame0.Buffer);
        using var everywhere = new Mat(gray.Size(), MatType.CV_8UC1, Scalar.All(255));
        var corners = Cv2.GoodFeaturesToTrack(gray, PointCount, 0.01, 8, everywhere, 3, false, 0.04);
        if (corners.Length < PointCount)
        {
            throw new InvalidOperationException($"Only {corners.Length} corners found for {PointCount} points.");
        }

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
