using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Inference;

/// <summary>
/// The shipped emotion classifiers of a model folder, loaded from its validated <c>manifest.json</c> (sha256 of every
/// ONNX file checked): per classified emotion an aligner that emits its landmark subset fitted on its alignment set, the INT8 (or FP32) score model and
/// the gradient model for Integrated-Gradients explanations against the manifest's neutral baseline.
/// </summary>
/// <remarks>
/// <see cref="Score"/> and <see cref="Explain"/> work on preallocated buffers and allocate nothing managed per call.
/// Not thread-safe (buffers and sessions are shared): one instance per thread. Owns its sessions; dispose it.
/// </remarks>
public sealed class EmotionModelSet : IDisposable
{
    /// <summary>Values in a 68-point shape (x0, y0, ..., x67, y67), pixels.</summary>
    public const int ShapeLength = 136;

    /// <summary>Default Integrated-Gradients intervals of <see cref="Explain"/>.</summary>
    public const int DefaultExplainSteps = 32;

    private readonly Entry[] _entries;
    private readonly float[] _thresholds;
    private readonly int[] _tracked;

    private EmotionModelSet(ModelManifest manifest, Entry[] entries, int[] tracked)
    {
        Manifest = manifest;
        _entries = entries;
        _tracked = tracked;
        _thresholds = new float[entries.Length];
        for (var k = 0; k < entries.Length; k++)
        {
            _thresholds[k] = entries[k].Spec.Threshold;
        }
    }

    /// <summary>The manifest the set was loaded from.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Number of classifiers (7), one per <see cref="EmotionLabels.Classified"/> emotion, in that order.</summary>
    public int Count => _entries.Length;

    /// <summary>Decision thresholds, one per classified emotion.</summary>
    public ReadOnlySpan<float> Thresholds => _thresholds;

    /// <summary>The union of all classifiers' landmark subsets and alignment sets, ascending: what the runtime must track.</summary>
    public ReadOnlySpan<int> TrackedLandmarks => _tracked;

    /// <summary>
    /// Loads <paramref name="folder"/>. <paramref name="useInt8"/> picks the shipped INT8 models (default) or FP32.
    /// Missing or altered files throw <see cref="FileNotFoundException"/> / <see cref="InvalidDataException"/> naming them.
    /// </summary>
    public static EmotionModelSet Load(string folder, bool useInt8 = true, int explainSteps = DefaultExplainSteps, SessionOptions? options = null)
    {
        var manifest = ModelManifest.Load(folder);
        var entries = new List<Entry>(manifest.Classifiers.Count);
        var tracked = new SortedSet<int>();
        var reference = manifest.Reference.ToArray();
        try
        {
            foreach (var c in manifest.Classifiers)
            {
                entries.Add(new Entry(c, reference, useInt8, explainSteps, options));
                tracked.UnionWith(c.Landmarks);
                tracked.UnionWith(c.AlignmentLandmarks);
            }
        }
        catch
        {
            foreach (var e in entries)
            {
                e.Dispose();
            }

            throw;
        }

        return new EmotionModelSet(manifest, [.. entries], [.. tracked]);
    }

    /// <summary>
    /// Scores one face: <paramref name="shape"/> is the 68-point shape from the front end (136 values, pixels; only
    /// the <see cref="TrackedLandmarks"/> are read); <paramref name="scores"/> receives 7 scores in (0, 1) in
    /// <see cref="EmotionLabels.Classified"/> order. Returns false (scores zeroed) when a subset is degenerate.
    /// </summary>
    public bool Score(ReadOnlySpan<float> shape, Span<float> scores)
    {
        CheckShape(shape);
        if (scores.Length != _entries.Length)
        {
            throw new ArgumentException($"scores needs {_entries.Length} values, got {scores.Length}", nameof(scores));
        }

        for (var k = 0; k < _entries.Length; k++)
        {
            var e = _entries[k];
            if (!e.Aligner.TryAlign(shape, e.Features))
            {
                scores.Clear();
                return false;
            }

            scores[k] = e.Classifier.Score(e.Features);
        }

        return true;
    }

    /// <summary>The decided label for 7 scores from <see cref="Score"/>, by the shared rule.</summary>
    public Emotion Decide(ReadOnlySpan<float> scores) => EmotionDecision.Decide(scores, _thresholds);

    /// <summary>
    /// Integrated Gradients of <paramref name="emotion"/>'s classifier for one face against the neutral baseline,
    /// through its gradient model (FP32). <paramref name="attribution"/> receives 68 values: per landmark the sum of
    /// its x and y attributions (0 for landmarks outside the subset), so they add up to the returned
    /// score(face) - score(neutral) up to the quadrature error.
    /// </summary>
    public float Explain(ReadOnlySpan<float> shape, Emotion emotion, Span<float> attribution)
    {
        CheckShape(shape);
        if (attribution.Length != 68)
        {
            throw new ArgumentException($"attribution needs 68 values, got {attribution.Length}", nameof(attribution));
        }

        var e = FindEntry(emotion);
        attribution.Clear();
        if (!e.Aligner.TryAlign(shape, e.Features))
        {
            return 0;
        }

        var delta = e.Gradient.IntegratedGradients(e.Features, e.Baseline, e.Attribution);
        var landmarks = e.Landmarks;
        for (var k = 0; k < landmarks.Length; k++)
        {
            attribution[landmarks[k]] = e.Attribution[2 * k] + e.Attribution[(2 * k) + 1];
        }

        return delta;
    }

    public void Dispose()
    {
        foreach (var e in _entries)
        {
            e.Dispose();
        }
    }

    private Entry FindEntry(Emotion emotion)
    {
        foreach (var e in _entries)
        {
            if (e.Spec.Emotion == emotion)
            {
                return e;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(emotion), emotion, "no classifier for this emotion");
    }

    private static void CheckShape(ReadOnlySpan<float> shape)
    {
        if (shape.Length != ShapeLength)
        {
            throw new ArgumentException($"shape needs {ShapeLength} values (68 points), got {shape.Length}", nameof(shape));
        }
    }

    /// <summary>One classifier with its buffers.</summary>
    private sealed class Entry : IDisposable
    {
        public Entry(ManifestClassifier spec, float[] reference, bool useInt8, int steps, SessionOptions? options)
        {
            Spec = spec;
            Landmarks = [.. spec.Landmarks];
            Aligner = new FaceAligner(reference, new FeatureLayout(Landmarks), [.. spec.AlignmentLandmarks]);
            Features = new float[2 * Landmarks.Length];
            Attribution = new float[Features.Length];
            Baseline = [.. spec.Baseline];
            Classifier = new EmotionClassifier(useInt8 ? spec.Int8Path : spec.Fp32Path, options);
            try
            {
                Gradient = new GradientModelRunner(spec.GradientPath, steps, options);
                if (Classifier.InputLength != Features.Length || Gradient.InputLength != Features.Length)
                {
                    throw new InvalidDataException(
                        $"models of {spec.Emotion.ToLabel()} take {Classifier.InputLength} / {Gradient.InputLength} inputs, the manifest's {Landmarks.Length} landmarks need {Features.Length}");
                }
            }
            catch
            {
                Classifier.Dispose();
                Gradient?.Dispose();
                throw;
            }
        }

        public ManifestClassifier Spec { get; }

        public int[] Landmarks { get; }

        public FaceAligner Aligner { get; }

        public float[] Features { get; }

        public float[] Attribution { get; }

        public float[] Baseline { get; }

        public EmotionClassifier Classifier { get; }

        public GradientModelRunner Gradient { get; } = null!;

        public void Dispose()
        {
            Classifier.Dispose();
            Gradient.Dispose();
        }
    }
}
