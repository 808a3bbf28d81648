using System.Globalization;
using System.Text;
using FerEdge.Capture;
using FerEdge.Core.Adaptation;
using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Inference;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge evaluate --data DIR --adapt K</c>: for every person with at least K + 2 images (<see cref="AdaptationSplit"/>),
/// adapts a fresh profile on K of the person's labelled images, as the device does it (a neutral image first
/// calibrates the person's neutral face; every adaptation image is a correction of the person's readout), and scores the
/// person's other images. The population model and the adapted one are measured on exactly the same scored images
/// (the adaptation images are in neither). <c>adapted</c> is the device's default profile: the person's readout
/// learnt from the K images, the neutral face used for the explanation's reason only. Other profiles show what the
/// neutral face does to the scores (<c>Adaptation:NeutralShiftsScores</c>): added to the readout, alone, and
/// shifting appearance as well as landmark positions.
/// </summary>
internal sealed class AdaptationEvaluation
{
    private static readonly (string Key, bool Neutral, bool Readout, bool Appearance)[] Variants =
    [
        ("adapted", false, true, false),
        ("adapted_neutral_shift", true, true, false),
        ("neutral_shift_only", true, false, false),
        ("adapted_neutral_shift_appearance", true, true, true),
    ];

    private AdaptationEvaluation(int k, int people, int adaptImages, DatasetResult population, IReadOnlyList<(string Key, DatasetResult Result)> adapted, double prior)
    {
        K = k;
        People = people;
        AdaptImages = adaptImages;
        Population = population;
        Adapted = adapted;
        Prior = prior;
    }

    public int K { get; }

    public int People { get; }

    public int AdaptImages { get; }

    public double Prior { get; }

    public DatasetResult Population { get; }

    public IReadOnlyList<(string Key, DatasetResult Result)> Adapted { get; }

    /// <summary>Adapts and scores; <paramref name="faces"/> holds each image's fitted shape and appearance (null: no face).</summary>
    public static AdaptationEvaluation Run(EmotionModelSet set, IReadOnlyList<LabelledImage> rows, IReadOnlyList<string> keys,
        IReadOnlyList<(float[] Shape, float[] Appearance)?> faces, int k)
    {
        var split = AdaptationSplit.Choose([.. rows.Select(r => r.Subject)], [.. rows.Select(r => r.Emotion)], keys, k);
        if (split.Count == 0)
        {
            throw new Cli.CommandLineException($"evaluate: no person has the {k + 2} images --adapt {k} needs (K to adapt on, 2 to score)");
        }

        var scored = split.SelectMany(p => p.Scored).ToArray();
        var labels = scored.Select(i => rows[i].Emotion).ToArray();
        var hasFace = scored.Select(i => faces[i] is not null).ToArray();
        var baselines = set.Baselines();
        var positions = set.PositionInputs();
        var scores = new float[set.Count];
        var inputs = new float[set.InputLength];

        var population = new double[scored.Length * 7];
        for (var r = 0; r < scored.Length; r++)
        {
            if (faces[scored[r]] is { } f && Score(set, f, default, scores))
            {
                Store(population, r, scores);
            }
            else
            {
                hasFace[r] = false;
            }
        }

        var adapted = new List<(string, DatasetResult)>();
        foreach (var (key, useNeutral, useReadout, useAppearance) in Variants)
        {
            var probabilities = new double[scored.Length * 7];
            var row = 0;
            foreach (var person in split)
            {
                var neutral = new NeutralFace(baselines, positions);
                neutral.UseAppearance(useAppearance);
                var readout = new PersonalReadout();
                foreach (var i in person.Adapt)
                {
                    if (faces[i] is not { } f)
                    {
                        continue;
                    }

                    if (useNeutral && neutral.Frames == 0 && rows[i].Emotion == Emotion.Neutral && set.Inputs(f.Shape, f.Appearance, inputs))
                    {
                        neutral.Add(inputs);
                    }

                    if (useReadout && Score(set, f, neutral.Frames > 0 ? neutral.Shift : default, scores))
                    {
                        readout.Correct(rows[i].Emotion, scores);
                    }
                }

                foreach (var i in person.Scored)
                {
                    if (faces[i] is { } f && Score(set, f, neutral.Frames > 0 ? neutral.Shift : default, scores))
                    {
                        readout.Apply(scores);
                        Store(probabilities, row, scores);
                    }

                    row++;
                }
            }

            adapted.Add((key, Measure(key, probabilities, hasFace, labels, set)));
        }

        return new AdaptationEvaluation(k, split.Count, split.Sum(p => p.Adapt.Count), Measure("population", population, hasFace, labels, set), adapted,
            PersonalReadout.DefaultPrior);
    }

    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"personal adaptation, K = {K}: {People} people, {AdaptImages} images adapted on, {Population.Images} scored (no face {Population.NoFace}); prior weight {Prior}\n");
        var profiles = new List<(string Name, DatasetResult R)> { ("population", Population) };
        profiles.AddRange(Adapted.Select(a => (a.Key, a.Result)));
        var emotions = EmotionLabels.Classified.ToArray().Where(e => double.IsFinite(Population.Auc(e))).ToArray();
        sb.Append(inv, $"{"profile",-33} {"accuracy",9} {"macro AUC",9}");
        foreach (var e in emotions)
        {
            sb.Append(inv, $" {e.ToLabel(),9}");
        }

        sb.Append('\n');
        foreach (var (name, r) in profiles)
        {
            sb.Append(inv, $"{name,-33} {r.Accuracy,9:F4} {r.MeanAuc,9:F4}");
            foreach (var e in emotions)
            {
                sb.Append(inv, $" {r.Auc(e),9:F4}");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    public Dictionary<string, object?> ToJson()
    {
        var json = new Dictionary<string, object?>
        {
            ["k"] = K,
            ["people"] = People,
            ["adapt_images"] = AdaptImages,
            ["prior"] = Prior,
            ["population"] = Summary(Population),
        };
        foreach (var (key, result) in Adapted)
        {
            json[key] = Summary(result);
        }

        return json;
    }

    private static Dictionary<string, object?> Summary(DatasetResult r)
    {
        var emotions = new Dictionary<string, object?>();
        foreach (var e in r.Emotions.Where(e => double.IsFinite(e.Auc)))
        {
            emotions[e.Emotion.ToLabel()] = new Dictionary<string, object?> { ["auc"] = e.Auc, ["positives"] = e.Positives };
        }

        return new Dictionary<string, object?>
        {
            ["images"] = r.Images,
            ["no_face"] = r.NoFace,
            ["accuracy"] = r.Accuracy,
            ["macro_auc"] = r.MeanAuc,
            ["emotions"] = emotions,
        };
    }

    private static bool Score(EmotionModelSet set, (float[] Shape, float[] Appearance) face, ReadOnlySpan<float> shift, float[] scores)
    {
        if (!set.Score(face.Shape, face.Appearance, scores, shift))
        {
            return false;
        }

        set.ToProbabilities(scores);
        return true;
    }

    private static void Store(double[] probabilities, int row, float[] scores)
    {
        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[(row * scores.Length) + k] = scores[k];
        }
    }

    private static DatasetResult Measure(string name, double[] probabilities, bool[] hasFace, Emotion[] labels, EmotionModelSet set)
    {
        var thresholds = new double[set.Count];
        for (var k = 0; k < thresholds.Length; k++)
        {
            thresholds[k] = set.Thresholds[k];
        }

        return DatasetResult.Measure(name, probabilities, hasFace, labels, thresholds);
    }
}
