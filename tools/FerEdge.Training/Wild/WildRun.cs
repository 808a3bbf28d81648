using System.Diagnostics;
using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;
using FerEdge.Training.Numerics;

namespace FerEdge.Training.Wild;

/// <summary>
/// Trains the seven classifiers of one feature variant on the <see cref="TrainingPool"/>:
/// <list type="number">
/// <item>standardise the features of all 68 landmarks; choose the ridge penalty of a linear readout (all emotions
/// together, soft targets, CK+48 weighted) by the mean out-of-fold AUC over the emotions, folds grouped by subject,
/// person or image;</item>
/// <item>rank the landmarks by their share of each emotion's attribution on its positive images (for a linear readout,
/// Integrated Gradients from the mean face are exactly weight times standardised input, summed over the landmark's
/// values), summed over the emotions: one shared ranking;</item>
/// <item>prune on it: the smallest top-k whose tracked set (with the alignment landmarks) fits the budget and whose
/// mean out-of-fold AUC is within the tolerance of the best that fits;</item>
/// <item>on the kept landmarks, a random tanh layer beside the direct inputs (a random vector functional-link network)
/// and a ridge readout, penalty again by out-of-fold AUC; Platt scaling on the out-of-fold scores, folded into the
/// output layer, so every score is a calibrated probability; thresholds by balanced accuracy on those scores;</item>
/// <item>the final readout on every training row, and the held-out data scored.</item>
/// </list>
/// Single instance per run; not thread-safe. Deterministic for a given pool, seed and BLAS.
/// </summary>
public sealed class WildRun
{
    private const int Classes = 7;
    private readonly TrainingPool _pool;
    private readonly int[] _alignment;
    private readonly AppearanceOptions _appearance;
    private readonly WildOptions _options;
    private readonly Action<string> _log;
    private readonly int[] _train;
    private readonly int[] _folds;
    private readonly double[] _targets;
    private readonly double[] _weights;
    private readonly Emotion[] _labels;

    /// <summary>Prepares the folds of the training rows.</summary>
    public WildRun(TrainingPool pool, float[] reference, int[] alignment, AppearanceOptions appearance, WildOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentNullException.ThrowIfNull(appearance);
        ArgumentNullException.ThrowIfNull(options);
        _pool = pool;
        Reference = reference;
        _alignment = alignment;
        _appearance = appearance;
        _options = options;
        _log = log ?? (_ => { });
        _train = pool.RowsOf(PoolRole.Train);
        _folds = SubjectKFold.Assign(_train.Select(r => pool.Groups[r]).ToArray(), options.Folds, options.Seed);
        _targets = new double[_train.Length * Classes];
        _weights = new double[_train.Length];
        _labels = new Emotion[_train.Length];
        for (var i = 0; i < _train.Length; i++)
        {
            pool.Targets.AsSpan(_train[i] * Classes, Classes).CopyTo(_targets.AsSpan(i * Classes, Classes));
            _weights[i] = pool.Weights[_train[i]];
            _labels[i] = pool.Labels[_train[i]];
        }
    }

    /// <summary>The pool.</summary>
    public TrainingPool Pool => _pool;

    /// <summary>The reference face the features are aligned to.</summary>
    public float[] Reference { get; }

    /// <summary>The alignment landmarks.</summary>
    public IReadOnlyList<int> AlignmentLandmarks => _alignment;

    /// <summary>The appearance settings.</summary>
    public AppearanceOptions Appearance => _appearance;

    /// <summary>The settings.</summary>
    public WildOptions Options => _options;

    /// <summary>Table columns of a classifier input on <paramref name="landmarks"/>: their x, y, then their descriptors.</summary>
    public int[] InputColumns(int[] landmarks, bool withAppearance)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var columns = new List<int>();
        foreach (var l in landmarks)
        {
            columns.Add(2 * l);
            columns.Add((2 * l) + 1);
        }

        if (withAppearance)
        {
            var d = _appearance.DescriptorLength;
            foreach (var l in landmarks)
            {
                for (var j = 0; j < d; j++)
                {
                    columns.Add(Face68.ShapeLength + (d * l) + j);
                }
            }
        }

        return [.. columns];
    }

    /// <summary>Trains one variant.</summary>
    public WildModel Train(bool withAppearance)
    {
        var clock = Stopwatch.StartNew();
        var name = withAppearance ? "positions + appearance" : "landmarks only";
        var all = Enumerable.Range(0, Face68.PointCount).ToArray();
        var allColumns = InputColumns(all, withAppearance);
        var (mean, invStd) = Standardise(allColumns);

        // 1. Linear readout on all landmarks: penalty, ranking.
        var d = allColumns.Length;
        var design = Design(_train, allColumns, mean, invStd, null, null);
        var gram = new FoldedGram(design, d + 1, _targets, Classes, _weights, _folds, _options.Folds);
        var everything = Enumerable.Range(0, d + 1).ToArray();
        var (penalty, allAuc) = ChoosePenalty(gram, everything);
        _log($"{name}: all 68 landmarks, linear readout, penalty {penalty}, out-of-fold mean AUC {allAuc:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
        var linear = gram.Solve(-1, everything, penalty);
        var importance = Importance(design, d + 1, linear, withAppearance);
        var shared = new double[Face68.PointCount];
        foreach (var row in importance)
        {
            for (var l = 0; l < shared.Length; l++)
            {
                shared[l] += row[l];
            }
        }

        var ranking = all.OrderByDescending(l => shared[l]).ThenBy(l => l).ToArray();

        // 2. Prune on the shared ranking within the tracking budget.
        var steps = new List<PruningStep> { new(Face68.PointCount, Face68.PointCount, allAuc) };
        for (var k = Face68.PointCount - 4; k >= 8; k -= 4)
        {
            var kept = ranking[..k];
            var tracked = kept.Union(_alignment).Count();
            if (tracked > _options.MaximumTracked)
            {
                continue;
            }

            var columns = SubColumns(kept, withAppearance, d);
            steps.Add(new PruningStep(k, tracked, MeanAuc(gram.OutOfFold(columns, penalty, _train.Length))));
        }

        var fits = steps.Where(s => s.Tracked <= _options.MaximumTracked).ToList();
        var best = fits.Max(s => s.MeanAuc);
        var chosen = fits.Where(s => s.MeanAuc >= best - _options.Tolerance).MinBy(s => s.Kept)!;
        var landmarks = ranking[..chosen.Kept].Order().ToArray();
        _log($"{name}: pruning kept {chosen.Kept} landmarks ({chosen.Tracked} tracked), out-of-fold mean AUC {chosen.MeanAuc:F4} (best within budget {best:F4}) ({clock.Elapsed.TotalSeconds:F0} s)");

        // 3. Random tanh layer beside the direct inputs on the kept landmarks; calibrated readout.
        var inputColumns = InputColumns(landmarks, withAppearance);
        var (keptMean, keptInvStd) = Standardise(inputColumns);
        var m = inputColumns.Length;
        var units = Math.Max(1, _options.Units);
        var random = new Random(_options.Seed);
        var hiddenWeights = new double[units * m];
        var hiddenBiases = new double[units];
        for (var i = 0; i < hiddenWeights.Length; i++)
        {
            hiddenWeights[i] = _options.Units == 0 ? 0 : RandomDraws.Gaussian(random) / Math.Sqrt(m);
        }

        for (var i = 0; i < units; i++)
        {
            hiddenBiases[i] = _options.Units == 0 ? 0 : 0.5 * RandomDraws.Gaussian(random);
        }

        var width = m + units + 1;
        var finalDesign = Design(_train, inputColumns, keptMean, keptInvStd, hiddenWeights, hiddenBiases);
        var finalGram = new FoldedGram(finalDesign, width, _targets, Classes, _weights, _folds, _options.Folds);
        var finalColumns = Enumerable.Range(0, width).ToArray();
        if (_options.Units == 0)
        {
            finalColumns = [.. Enumerable.Range(0, m), width - 1]; // the dead unit stays out
        }

        var (penalties, outOfFold) = ChoosePenalties(finalGram, finalColumns);
        var finalAuc = MeanAuc(outOfFold);
        _log($"{name}: {m} inputs + {_options.Units} random units, penalties {string.Join(", ", penalties)}, out-of-fold mean AUC {finalAuc:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
        var platt = new (double A, double B)[Classes];
        var probabilities = new double[outOfFold.Length];
        var thresholds = new double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            var s = Column(outOfFold, k);
            platt[k] = PlattScaling.Fit(s, Column(_targets, k), _weights);
            var p = new double[s.Length];
            var t = new bool[s.Length];
            for (var i = 0; i < s.Length; i++)
            {
                p[i] = PlattScaling.Sigmoid((platt[k].A * s[i]) + platt[k].B);
                probabilities[(i * Classes) + k] = p[i];
                t[i] = _labels[i] == EmotionLabels.Classified[k];
            }

            // Thresholds and the reported out-of-fold figures rest on the real images, not their mirror copies.
            var real = Enumerable.Range(0, s.Length).Where(i => !_pool.Mirrored[_train[i]]).ToArray();
            thresholds[k] = BinaryMetrics.BestBalancedAccuracyThreshold(real.Select(i => p[i]).ToArray(), real.Select(i => t[i]).ToArray());
        }

        var realRows = Enumerable.Range(0, _train.Length).Where(i => !_pool.Mirrored[_train[i]]).ToArray();
        var ckRows = realRows.Where(i => _pool.TableOf[_train[i]] == 0).ToArray();
        var ck = Measure("ckplus48 (out of fold)", ckRows.SelectMany(i => probabilities.AsSpan(i * Classes, Classes).ToArray()).ToArray(),
            ckRows.Select(_ => true).ToArray(), ckRows.Select(i => _labels[i]).ToArray(), thresholds);
        var ckFoldThresholds = CkFoldThresholdBalancedAccuracy(ckRows, probabilities);
        var pooled = Measure("training pool (out of fold)", realRows.SelectMany(i => probabilities.AsSpan(i * Classes, Classes).ToArray()).ToArray(),
            realRows.Select(_ => true).ToArray(), realRows.Select(i => _labels[i]).ToArray(), thresholds);

        // 4. Final readout on every training row; the networks with calibration folded in.
        var readout = new double[Classes * finalColumns.Length];
        foreach (var penalty2 in penalties.Distinct())
        {
            var solved = finalGram.Solve(-1, finalColumns, penalty2);
            for (var k = 0; k < Classes; k++)
            {
                if (penalties[k] == penalty2)
                {
                    solved.AsSpan(k * finalColumns.Length, finalColumns.Length).CopyTo(readout.AsSpan(k * finalColumns.Length));
                }
            }
        }

        var networks = new FeedForwardNetwork[Classes];
        for (var k = 0; k < Classes; k++)
        {
            var output = new double[m + units];
            for (var j = 0; j < finalColumns.Length - 1; j++)
            {
                output[finalColumns[j]] = platt[k].A * readout[(k * finalColumns.Length) + j];
            }

            var bias = (platt[k].A * readout[(k * finalColumns.Length) + finalColumns.Length - 1]) + platt[k].B;
            networks[k] = new FeedForwardNetwork((double[])keptMean.Clone(), (double[])keptInvStd.Clone(), [(double[])hiddenWeights.Clone()], [(double[])hiddenBiases.Clone()],
                HiddenActivation.Tanh, ReadoutSource.LastLayer, output, bias, directLink: true);
        }

        var wild = HeldOut("faces-in-the-wild (held-out people)", PoolRole.WildHeldOut, inputColumns, keptMean, keptInvStd, hiddenWeights, hiddenBiases, readout, finalColumns, platt, thresholds);
        var ferValid = HeldOut("FER+ valid", PoolRole.FerValid, inputColumns, keptMean, keptInvStd, hiddenWeights, hiddenBiases, readout, finalColumns, platt, thresholds);
        _log($"{name}: CK+48 out-of-fold mean balanced accuracy with thresholds chosen on the other CK+ folds {ckFoldThresholds:F4}");
        _log($"{name}: held-out faces-in-the-wild mean AUC {wild.MeanAuc:F4} (anger {wild.Auc(Emotion.Anger):F3}, sadness {wild.Auc(Emotion.Sadness):F3}, "
            + $"surprise {wild.Auc(Emotion.Surprise):F3}, happy {wild.Auc(Emotion.Happy):F3}); FER+ valid decided-label accuracy {ferValid.Accuracy:F4}; "
            + $"CK+48 out-of-fold mean balanced accuracy {ck.MeanBalancedAccuracy:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
        return new WildModel
        {
            WithAppearance = withAppearance,
            Landmarks = landmarks,
            Tracked = landmarks.Union(_alignment).Order().ToArray(),
            Ranking = ranking,
            Importance = importance,
            Pruning = steps,
            Penalties = penalties,
            Networks = networks,
            Platt = platt,
            Thresholds = thresholds,
            Baseline = NeutralBaseline(inputColumns),
            Calibration = CalibrationSet(inputColumns),
            CkPlus = ck,
            CkPlusFoldThresholdBalancedAccuracy = ckFoldThresholds,
            Pool = pooled,
            Wild = wild,
            FerValid = ferValid,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>The raw (unstandardised) input of pool row <paramref name="row"/> for the given table columns.</summary>
    public double[] Input(int row, int[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var features = _pool.Features(row);
        var x = new double[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            x[j] = features[columns[j]];
        }

        return x;
    }

    // Positions of the kept landmarks' values in the all-landmark design, which is laid out as the table (positions
    // 0..135, then descriptors), so they are the table columns, ascending; the constant column last.
    private int[] SubColumns(int[] kept, bool withAppearance, int d) => [.. InputColumns([.. kept.Order()], withAppearance), d];

    // CK+48 balanced accuracy with thresholds chosen inside CK+: each fold's images are decided at the thresholds that
    // maximise balanced accuracy on the other folds' CK+ out-of-fold probabilities (nested, so nothing is chosen on the
    // images it is reported on). Mean over the emotions.
    private double CkFoldThresholdBalancedAccuracy(int[] ckRows, double[] probabilities)
    {
        double sum = 0;
        var count = 0;
        for (var k = 0; k < Classes; k++)
        {
            var emotion = EmotionLabels.Classified[k];
            var decided = new bool[ckRows.Length];
            var truth = new bool[ckRows.Length];
            for (var f = 0; f < _options.Folds; f++)
            {
                var inner = ckRows.Where(i => _folds[i] != f).ToArray();
                var threshold = BinaryMetrics.BestBalancedAccuracyThreshold(
                    inner.Select(i => probabilities[(i * Classes) + k]).ToArray(), inner.Select(i => _labels[i] == emotion).ToArray());
                for (var r = 0; r < ckRows.Length; r++)
                {
                    if (_folds[ckRows[r]] == f)
                    {
                        decided[r] = probabilities[(ckRows[r] * Classes) + k] >= threshold;
                    }
                }
            }

            int tp = 0, tn = 0, p = 0, n = 0;
            for (var r = 0; r < ckRows.Length; r++)
            {
                truth[r] = _labels[ckRows[r]] == emotion;
                if (truth[r])
                {
                    p++;
                    tp += decided[r] ? 1 : 0;
                }
                else
                {
                    n++;
                    tn += decided[r] ? 0 : 1;
                }
            }

            if (p > 0 && n > 0)
            {
                sum += 0.5 * (((double)tp / p) + ((double)tn / n));
                count++;
            }
        }

        return sum / count;
    }

    // Per emotion the penalty with the best out-of-fold AUC of that emotion; returns them with the out-of-fold scores
    // each emotion gets at its own penalty.
    private (double[] Penalties, double[] OutOfFold) ChoosePenalties(FoldedGram gram, int[] columns)
    {
        var penalties = new double[Classes];
        var best = Enumerable.Repeat(double.NegativeInfinity, Classes).ToArray();
        var scores = new double[_train.Length * Classes];
        var t = new bool[_train.Length];
        foreach (var penalty in _options.Penalties)
        {
            var oof = gram.OutOfFold(columns, penalty, _train.Length);
            for (var k = 0; k < Classes; k++)
            {
                for (var i = 0; i < t.Length; i++)
                {
                    t[i] = _labels[i] == EmotionLabels.Classified[k];
                }

                var auc = BinaryMetrics.RocAuc(Column(oof, k), t);
                if (auc > best[k])
                {
                    best[k] = auc;
                    penalties[k] = penalty;
                    for (var i = 0; i < _train.Length; i++)
                    {
                        scores[(i * Classes) + k] = oof[(i * Classes) + k];
                    }
                }
            }
        }

        return (penalties, scores);
    }

    private (double Penalty, double MeanAuc) ChoosePenalty(FoldedGram gram, int[] columns)
    {
        var best = (Penalty: double.NaN, MeanAuc: double.NegativeInfinity);
        foreach (var penalty in _options.Penalties)
        {
            var auc = MeanAuc(gram.OutOfFold(columns, penalty, _train.Length));
            if (auc > best.MeanAuc)
            {
                best = (penalty, auc);
            }
        }

        return best;
    }

    private double MeanAuc(double[] scores)
    {
        double sum = 0;
        var t = new bool[_train.Length];
        for (var k = 0; k < Classes; k++)
        {
            for (var i = 0; i < t.Length; i++)
            {
                t[i] = _labels[i] == EmotionLabels.Classified[k];
            }

            sum += BinaryMetrics.RocAuc(Column(scores, k), t);
        }

        return sum / Classes;
    }

    private static double[] Column(double[] rowMajor, int k)
    {
        var n = rowMajor.Length / Classes;
        var c = new double[n];
        for (var i = 0; i < n; i++)
        {
            c[i] = rowMajor[(i * Classes) + k];
        }

        return c;
    }

    private (double[] Mean, double[] InvStd) Standardise(int[] columns)
    {
        var mean = new double[columns.Length];
        var sq = new double[columns.Length];
        foreach (var r in _train)
        {
            var f = _pool.Features(r);
            for (var j = 0; j < columns.Length; j++)
            {
                double v = f[columns[j]];
                mean[j] += v;
                sq[j] += v * v;
            }
        }

        var invStd = new double[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            mean[j] /= _train.Length;
            var variance = Math.Max(0, (sq[j] / _train.Length) - (mean[j] * mean[j]));
            invStd[j] = 1 / Math.Max(Math.Sqrt(variance), 1e-6);
        }

        return (mean, invStd);
    }

    // Rows: [standardised inputs | tanh units (when given) | 1].
    private double[] Design(int[] rows, int[] columns, double[] mean, double[] invStd, double[]? hiddenWeights, double[]? hiddenBiases)
    {
        var m = columns.Length;
        var units = hiddenBiases?.Length ?? 0;
        var width = m + units + 1;
        var z = new double[rows.Length * m];
        for (var i = 0; i < rows.Length; i++)
        {
            var f = _pool.Features(rows[i]);
            for (var j = 0; j < m; j++)
            {
                z[(i * m) + j] = (f[columns[j]] - mean[j]) * invStd[j];
            }
        }

        double[]? hidden = null;
        if (units > 0)
        {
            hidden = new double[rows.Length * units];
            OpenBlas.Multiply(false, true, rows.Length, units, m, 1, z, hiddenWeights!, 0, hidden);
        }

        var design = new double[rows.Length * width];
        for (var i = 0; i < rows.Length; i++)
        {
            z.AsSpan(i * m, m).CopyTo(design.AsSpan(i * width, m));
            for (var u = 0; u < units; u++)
            {
                design[(i * width) + m + u] = Math.Tanh(hidden![(i * units) + u] + hiddenBiases![u]);
            }

            design[(i * width) + width - 1] = 1;
        }

        return design;
    }

    // Per emotion, each landmark's share of the mean |Σ w z| over the emotion's positive training images.
    private double[][] Importance(double[] design, int width, double[] weights, bool withAppearance)
    {
        var importance = new double[Classes][];
        var dl = _appearance.DescriptorLength;
        for (var k = 0; k < Classes; k++)
        {
            var sum = new double[Face68.PointCount];
            var count = 0;
            for (var i = 0; i < _train.Length; i++)
            {
                if (_labels[i] != EmotionLabels.Classified[k])
                {
                    continue;
                }

                count++;
                var row = design.AsSpan(i * width, width);
                var w = weights.AsSpan(k * width, width);
                for (var l = 0; l < Face68.PointCount; l++)
                {
                    var a = (w[2 * l] * row[2 * l]) + (w[(2 * l) + 1] * row[(2 * l) + 1]);
                    if (withAppearance)
                    {
                        var start = Face68.ShapeLength + (dl * l);
                        for (var j = 0; j < dl; j++)
                        {
                            a += w[start + j] * row[start + j];
                        }
                    }

                    sum[l] += Math.Abs(a);
                }
            }

            var total = sum.Sum();
            importance[k] = sum.Select(v => count == 0 || total == 0 ? 0 : v / total).ToArray();
        }

        return importance;
    }

    private DatasetResult HeldOut(string name, PoolRole role, int[] columns, double[] mean, double[] invStd, double[] hiddenWeights, double[] hiddenBiases,
        double[] readout, int[] finalColumns, (double A, double B)[] platt, double[] thresholds)
    {
        var rows = _pool.RowsOf(role);
        var withFace = rows.Where(_pool.HasFace).ToArray();
        var design = Design(withFace, columns, mean, invStd, hiddenWeights, hiddenBiases);
        var width = columns.Length + hiddenBiases.Length + 1;
        var scores = new double[withFace.Length * Classes];
        var sub = new double[withFace.Length * finalColumns.Length];
        for (var i = 0; i < withFace.Length; i++)
        {
            for (var j = 0; j < finalColumns.Length; j++)
            {
                sub[(i * finalColumns.Length) + j] = design[(i * width) + finalColumns[j]];
            }
        }

        OpenBlas.Multiply(false, true, withFace.Length, Classes, finalColumns.Length, 1, sub, readout, 0, scores);
        var probabilities = new double[rows.Length * Classes];
        var hasFace = new bool[rows.Length];
        var position = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            if (!_pool.HasFace(rows[i]))
            {
                continue;
            }

            hasFace[i] = true;
            for (var k = 0; k < Classes; k++)
            {
                probabilities[(i * Classes) + k] = PlattScaling.Sigmoid((platt[k].A * scores[(position * Classes) + k]) + platt[k].B);
            }

            position++;
        }

        return Measure(name, probabilities, hasFace, rows.Select(r => _pool.Labels[r]).ToArray(), thresholds);
    }

    private static DatasetResult Measure(string name, double[] probabilities, bool[] hasFace, Emotion[] labels, double[] thresholds) =>
        DatasetResult.Measure(name, probabilities, hasFace, labels, thresholds);

    private double[] NeutralBaseline(int[] columns)
    {
        var sum = new double[columns.Length];
        var count = 0;
        for (var i = 0; i < _train.Length; i++)
        {
            if (_labels[i] != Emotion.Neutral)
            {
                continue;
            }

            var f = _pool.Features(_train[i]);
            for (var j = 0; j < columns.Length; j++)
            {
                sum[j] += f[columns[j]];
            }

            count++;
        }

        return sum.Select(v => v / Math.Max(1, count)).ToArray();
    }

    private FeatureSet CalibrationSet(int[] columns)
    {
        // Every 8th training row: the activation ranges of the INT8 model.
        var rows = _train.Where((_, i) => i % 8 == 0).ToArray();
        var values = new double[rows.Length * columns.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Input(rows[i], columns).CopyTo(values.AsSpan(i * columns.Length));
        }

        return new FeatureSet(values, columns.Length, rows.Select(r => _pool.Labels[r]).ToArray(), rows.Select(r => _pool.Groups[r]).ToArray());
    }

}
