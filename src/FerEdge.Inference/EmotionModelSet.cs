using FerEdge.Core.Emotions;
using FerEdge.Core.Imaging;
using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;
using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Inference;

/// <summary>
/// The shipped emotion classifiers of a model folder, loaded from its validated <c>manifest.json</c> (sha256 of every
/// ONNX file checked): per classified emotion an aligner that emits its landmark subset fitted on its alignment set (and,
/// for schema 3 with appearance, the HOG descriptors of its landmarks from one shared <see cref="LandmarkAppearance"/>), the INT8 (or FP32) score model and
/// the gradient model for Integrated-Gradients explanations against the manifest's neutral baseline.
/// </summary>
/// <remarks>
/// <c>Score</c> and <c>Explain</c> work on preallocated buffers and allocate nothing managed per call.
/// Not thread-safe (buffers and sessions are shared): one instance per thread. Owns its sessions; dispose it.
/// </remarks>
public sealed class EmotionModelSet : IDisposable
{
    /// <summary>Default Integrated-Gradients intervals of <c>Explain</c>.</summary>
    public const int DefaultExplainSteps = 32;

    private readonly Entry[] _entries;
    private readonly float[] _thresholds;
    private readonly int[] _tracked;
    private readonly LandmarkAppearance? _describer;

    private EmotionModelSet(ModelManifest manifest, Entry[] entries, int[] tracked, LandmarkAppearance? describer)
    {
        Manifest = manifest;
        _entries = entries;
        _tracked = tracked;
        _describer = describer;
        _thresholds = new float[entries.Length];
        for (var k = 0; k < entries.Length; k++)
        {
            _thresholds[k] = entries[k].Spec.Threshold;
            entries[k].ShiftOffset = InputLength;
            InputLength += entries[k].Features.Length;
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
    /// Values of the appearance buffer <see cref="Describe"/> fills and <c>Score</c> reads (the descriptors of
    /// every classified landmark); 0 when the classifiers read positions only.
    /// </summary>
    public int AppearanceLength => _describer?.Length ?? 0;

    /// <summary>
    /// Computes the appearance every classifier reads from the frame the shape was found in: one descriptor per
    /// classified landmark (the union over the classifiers, ascending). Allocation-free. May run on another thread than
    /// <c>Score</c> and <c>Explain</c>, never on two at once. Returns false (buffer zeroed) when the
    /// alignment landmarks are degenerate; true with nothing written when <see cref="AppearanceLength"/> is 0.
    /// </summary>
    public bool Describe(GrayImage image, ReadOnlySpan<float> shape, Span<float> appearance)
    {
        CheckShape(shape);
        return _describer is null || _describer.TryDescribe(image, shape, appearance);
    }

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
                entries.Add(new Entry(c, reference, manifest.Appearance?.DescriptorLength ?? 0, useInt8, explainSteps, options));
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

        LandmarkAppearance? describer = null;
        if (manifest.Appearance is { } appearance)
        {
            var described = new SortedSet<int>();
            foreach (var c in manifest.Classifiers)
            {
                described.UnionWith(c.Landmarks);
            }

            describer = new LandmarkAppearance(reference, [.. manifest.AppearanceAlignment], [.. described], appearance);
            tracked.UnionWith(manifest.AppearanceAlignment);
            foreach (var e in entries)
            {
                e.MapAppearance(describer.Landmarks, appearance.DescriptorLength);
            }
        }

        return new EmotionModelSet(manifest, [.. entries], [.. tracked], describer);
    }

    /// <summary>
    /// Scores one face: <paramref name="shape"/> is the 68-point shape from the front end (136 values, pixels; only
    /// the <see cref="TrackedLandmarks"/> are read); <paramref name="scores"/> receives 7 scores in (0, 1) in
    /// <see cref="EmotionLabels.Classified"/> order. Returns false (scores zeroed) when a subset is degenerate.
    /// </summary>
    public bool Score(ReadOnlySpan<float> shape, Span<float> scores) => Score(shape, default, scores);

    /// <summary>
    /// Scores one face from its shape and the <paramref name="appearance"/> <see cref="Describe"/> computed for it
    /// (<see cref="AppearanceLength"/> values; empty when the classifiers read positions only). Schema 3 scores are
    /// calibrated probabilities. Returns false (scores zeroed) when a subset is degenerate.
    /// </summary>
    public bool Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> scores) => Score(shape, appearance, scores, default);

    /// <summary>
    /// Inputs of every classifier, one after another (<see cref="InputLength"/> values): what <c>Score</c> feeds
    /// the models. Returns false (inputs zeroed) when a subset is degenerate.
    /// </summary>
    public bool Inputs(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> inputs)
    {
        CheckShape(shape);
        CheckAppearance(appearance);
        CheckInputs(inputs, nameof(inputs));
        var offset = 0;
        foreach (var e in _entries)
        {
            if (!e.Fill(shape, appearance))
            {
                inputs.Clear();
                return false;
            }

            e.Features.CopyTo(inputs.Slice(offset, e.Features.Length));
            offset += e.Features.Length;
        }

        return true;
    }

    /// <summary>
    /// <c>Score</c> with <paramref name="shift"/> (<see cref="InputLength"/> values, or empty for none) added to the
    /// inputs first: a person's own neutral moved onto the population's baseline (see <c>NeutralFace</c>).
    /// </summary>
    public bool Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> scores, ReadOnlySpan<float> shift)
    {
        CheckShape(shape);
        if (!shift.IsEmpty)
        {
            CheckInputs(shift, nameof(shift));
        }

        CheckAppearance(appearance);
        if (scores.Length != _entries.Length)
        {
            throw new ArgumentException($"scores needs {_entries.Length} values, got {scores.Length}", nameof(scores));
        }

        for (var k = 0; k < _entries.Length; k++)
        {
            var e = _entries[k];
            if (!e.Fill(shape, appearance))
            {
                scores.Clear();
                return false;
            }

            e.AddShift(shift);
            scores[k] = e.Classifier.Score(e.Features);
        }

        return true;
    }

    /// <summary>
    /// Turns 7 scores from <c>Score</c> into probabilities in place: schema 3 scores already are (nothing changes);
    /// schema 2 scores are mapped so that each threshold goes to one half, a stand-in for models trained before calibration.
    /// </summary>
    public void ToProbabilities(Span<float> scores)
    {
        if (Manifest.Calibrated)
        {
            return;
        }

        for (var k = 0; k < scores.Length; k++)
        {
            var t = _thresholds[k];
            var s = Math.Clamp(scores[k], 0f, 1f);
            scores[k] = s >= t ? 0.5f + (0.5f * (s - t) / (1f - t)) : 0.5f * s / t;
        }
    }

    /// <summary>
    /// The decided label for 7 scores from <c>Score</c>, by the shared rule: calibrated scores (schema 3) by
    /// <see cref="EmotionDecision.DecideCalibrated"/>, thresholded ones by <see cref="EmotionDecision.Decide(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    public Emotion Decide(ReadOnlySpan<float> scores) =>
        Manifest.Calibrated ? EmotionDecision.DecideCalibrated(scores) : EmotionDecision.Decide(scores, _thresholds);

    /// <summary>
    /// Integrated Gradients of <paramref name="emotion"/>'s classifier for one face against the neutral baseline,
    /// through its gradient model (FP32). <paramref name="attribution"/> receives 68 values: per landmark the sum of
    /// its x and y attributions (0 for landmarks outside the subset), so they add up to the returned
    /// score(face) - score(neutral) up to the quadrature error.
    /// </summary>
    public float Explain(ReadOnlySpan<float> shape, Emotion emotion, Span<float> attribution) => Explain(shape, default, emotion, attribution);

    /// <summary>
    /// <see cref="Explain(ReadOnlySpan{float}, Emotion, Span{float})"/> for classifiers that also read appearance: a
    /// landmark's attribution is the sum over its position and its descriptor.
    /// </summary>
    public float Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution) =>
        Explain(shape, appearance, emotion, attribution, default);

    /// <summary>
    /// <c>Explain</c> with a person's neutral <paramref name="shift"/> added to the inputs (as <c>Score</c> takes it),
    /// so the attribution is of the change from the person's own rest.
    /// </summary>
    public float Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, ReadOnlySpan<float> shift)
    {
        CheckShape(shape);
        if (!shift.IsEmpty)
        {
            CheckInputs(shift, nameof(shift));
        }

        CheckAppearance(appearance);
        if (attribution.Length != 68)
        {
            throw new ArgumentException($"attribution needs 68 values, got {attribution.Length}", nameof(attribution));
        }

        var e = FindEntry(emotion);
        attribution.Clear();
        if (!e.Fill(shape, appearance))
        {
            return 0;
        }

        e.AddShift(shift);
        var delta = e.Gradient.IntegratedGradients(e.Features, e.Baseline, e.Attribution);
        var landmarks = e.Landmarks;
        var d = e.DescriptorLength;
        for (var k = 0; k < landmarks.Length; k++)
        {
            var sum = e.Attribution[2 * k] + e.Attribution[(2 * k) + 1];
            var start = (2 * landmarks.Length) + (k * d);
            for (var j = 0; j < d; j++)
            {
                sum += e.Attribution[start + j];
            }

            attribution[landmarks[k]] = sum;
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

    /// <summary>Inputs of all classifiers together: the length of <c>Inputs</c>, a neutral and a shift.</summary>
    public int InputLength { get; private set; }

    /// <summary>The population's neutral baselines of all classifiers, one after another.</summary>
    public float[] Baselines() => [.. _entries.SelectMany(e => e.Baseline)];

    /// <summary>Per input of all classifiers, true for a landmark coordinate and false for an appearance value.</summary>
    public bool[] PositionInputs() => [.. _entries.SelectMany(e => Enumerable.Range(0, e.Features.Length).Select(i => i < 2 * e.Landmarks.Length))];

    private void CheckInputs(ReadOnlySpan<float> inputs, string name)
    {
        if (inputs.Length != InputLength)
        {
            throw new ArgumentException($"{name} needs {InputLength} values (all classifiers' inputs), got {inputs.Length}", name);
        }
    }

    private void CheckAppearance(ReadOnlySpan<float> appearance)
    {
        if (appearance.Length != AppearanceLength)
        {
            throw new ArgumentException($"appearance needs {AppearanceLength} values (from Describe), got {appearance.Length}", nameof(appearance));
        }
    }

    private static void CheckShape(ReadOnlySpan<float> shape)
    {
        if (shape.Length != Face68.ShapeLength)
        {
            throw new ArgumentException($"shape needs {Face68.ShapeLength} values (68 points), got {shape.Length}", nameof(shape));
        }
    }

    /// <summary>One classifier with its buffers.</summary>
    private sealed class Entry : IDisposable
    {
        private int[] _appearanceOffsets = [];

        public Entry(ManifestClassifier spec, float[] reference, int descriptorLength, bool useInt8, int steps, SessionOptions? options)
        {
            Spec = spec;
            Landmarks = [.. spec.Landmarks];
            DescriptorLength = descriptorLength;
            Aligner = new FaceAligner(reference, new FeatureLayout(Landmarks), [.. spec.AlignmentLandmarks]);
            Features = new float[(2 + descriptorLength) * Landmarks.Length];
            Attribution = new float[Features.Length];
            Baseline = [.. spec.Baseline];
            Classifier = new EmotionClassifier(useInt8 ? spec.Int8Path : spec.Fp32Path, options);
            try
            {
                Gradient = new GradientModelRunner(spec.GradientPath, steps, options);
                if (Classifier.InputLength != Features.Length || Gradient.InputLength != Features.Length)
                {
                    throw new InvalidDataException(
                        $"models of {spec.Emotion.ToLabel()} take {Classifier.InputLength} / {Gradient.InputLength} inputs, the manifest's {Landmarks.Length} landmarks need {Features.Length}{(descriptorLength > 0 ? $" ({descriptorLength} appearance values each)" : string.Empty)}");
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

        public int DescriptorLength { get; }

        /// <summary>Where each of this classifier's landmarks starts in the shared appearance buffer.</summary>
        public void MapAppearance(ReadOnlySpan<int> described, int descriptorLength)
        {
            _appearanceOffsets = new int[Landmarks.Length];
            for (var k = 0; k < Landmarks.Length; k++)
            {
                _appearanceOffsets[k] = described.IndexOf(Landmarks[k]) * descriptorLength;
            }
        }

        /// <summary>Aligned positions, then the landmarks' descriptors gathered from the shared buffer.</summary>
        public bool Fill(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance)
        {
            var positions = Features.AsSpan(0, 2 * Landmarks.Length);
            if (!Aligner.TryAlign(shape, positions))
            {
                return false;
            }

            var d = DescriptorLength;
            for (var k = 0; k < _appearanceOffsets.Length; k++)
            {
                appearance.Slice(_appearanceOffsets[k], d).CopyTo(Features.AsSpan(positions.Length + (k * d), d));
            }

            return true;
        }

        public FaceAligner Aligner { get; }

        /// <summary>Where this classifier's inputs start among all classifiers' inputs.</summary>
        public int ShiftOffset { get; set; }

        /// <summary>Adds this classifier's part of a whole-set shift (nothing when it is empty).</summary>
        public void AddShift(ReadOnlySpan<float> shift)
        {
            if (shift.IsEmpty)
            {
                return;
            }

            var part = shift.Slice(ShiftOffset, Features.Length);
            for (var i = 0; i < part.Length; i++)
            {
                Features[i] += part[i];
            }
        }

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
