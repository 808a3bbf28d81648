using BenchmarkDotNet.Attributes;
using FerEdge.Capture;
using FerEdge.Core.Features;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Inference;
using FerEdge.Vision.Perception;

namespace FerEdge.Benchmarks;

/// <summary>
/// The feature stage of the shipped classifiers on a real face (single_face.jpg, detected and fitted once): the
/// appearance of every classified landmark (<c>EmotionModelSet.Describe</c>, what the perception thread adds per
/// frame), one landmark's HOG alone, and scoring the seven INT8 classifiers on positions plus appearance. Zero
/// allocated bytes per operation is part of the claim.
/// </summary>
[MemoryDiagnoser]
public class AppearanceBenchmarks : IDisposable
{
    private readonly float[] _shape = new float[Face68.ShapeLength];
    private readonly float[] _scores = new float[7];
    private readonly float[] _one = new float[36];
    private EmotionModelSet? _models;
    private GrayImage? _image;
    private LandmarkAppearance? _mouthCorner;
    private float[] _appearance = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = BenchmarkPaths.Root;
        var shared = Environment.GetEnvironmentVariable("FEREDGE_SHARED") is { Length: > 0 } s ? s : Path.Combine(root, "..", "shared");
        _image = StillImages.Load(Path.Combine(shared, "data", "videos", "single_face.jpg"));
        using (var landmarker = new FaceLandmarker(new FaceLandmarkerOptions { BlazeFaceDirectory = Path.Combine(root, "models", "third_party", "blazeface") }))
        {
            if (new StillImageFrontEnd(landmarker).Fit(_image, _shape, out _image) == StillImageFace.None)
            {
                throw new InvalidOperationException("no face in single_face.jpg");
            }
        }

        _models = EmotionModelSet.Load(Path.Combine(root, "models"));
        _appearance = new float[_models.AppearanceLength];
        var options = _models.Manifest.Appearance ?? new AppearanceOptions();
        _mouthCorner = new LandmarkAppearance(_models.Manifest.Reference.ToArray(), [.. _models.Manifest.AppearanceAlignment.DefaultIfEmpty(36).Concat([39, 42, 45]).Distinct()], [48], options);
        _models.Describe(_image, _shape, _appearance);
    }

    /// <summary>Appearance of all classified landmarks of one face.</summary>
    [Benchmark(Baseline = true)]
    public bool DescribeFace() => _models!.Describe(_image!, _shape, _appearance);

    /// <summary>One landmark's descriptor, alignment included.</summary>
    [Benchmark]
    public bool DescribeOneLandmark() => _mouthCorner!.TryDescribe(_image!, _shape, _one);

    /// <summary>The seven INT8 classifiers on positions plus the appearance above.</summary>
    [Benchmark]
    public bool ScoreSeven() => _models!.Score(_shape, _appearance, _scores);

    public void Dispose()
    {
        _models?.Dispose();
        GC.SuppressFinalize(this);
    }
}
