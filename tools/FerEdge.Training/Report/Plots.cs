using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using ScottPlot;

namespace FerEdge.Training.Report;

/// <summary>The report's figures, drawn with ScottPlot into PNG files. Static; one call per file.</summary>
public static class Plots
{
    /// <summary>
    /// CV balanced accuracy against landmarks kept on the shared ranking, one line per emotion and a thick line for the
    /// mean; the chosen union is circled.
    /// </summary>
    public static void Pruning(string path, IReadOnlyList<string> emotions, UnionPruningResult shared)
    {
        ArgumentNullException.ThrowIfNull(emotions);
        ArgumentNullException.ThrowIfNull(shared);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var steps = shared.Mean.Steps;
        var xs = new double[steps.Count];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = steps[i].Kept.Length;
        }

        for (var k = 0; k < emotions.Count; k++)
        {
            var ys = new double[steps.Count];
            for (var i = 0; i < ys.Length; i++)
            {
                ys[i] = shared.PerEmotion[i][k];
            }

            var line = plot.Add.Scatter(xs, ys, palette.GetColor(k));
            line.LegendText = emotions[k];
        }

        var means = new double[steps.Count];
        for (var i = 0; i < means.Length; i++)
        {
            means[i] = steps[i].Accuracy;
        }

        var mean = plot.Add.Scatter(xs, means, Colors.Black);
        mean.LineWidth = 3;
        mean.LegendText = "mean";
        var chosen = shared.Mean.Chosen;
        var mark = plot.Add.Marker(chosen.Kept.Length, chosen.Accuracy, MarkerShape.OpenCircle, 16, Colors.Black);
        mark.LegendText = string.Empty;
        plot.Title("CV balanced accuracy vs landmarks kept on the shared ranking (circle: chosen union)");
        plot.XLabel("landmarks kept (prefix of the shared ranking)");
        plot.YLabel("balanced accuracy (CK+48, 10-fold)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }

    /// <summary>The reference face with each landmark drawn by its attribution (size and colour), FACS region ringed.</summary>
    public static void Attribution(string path, Emotion emotion, ReadOnlySpan<float> reference, ReadOnlySpan<float> importance68)
    {
        var plot = new Plot();
        var max = 0f;
        foreach (var v in importance68)
        {
            max = Math.Max(max, v);
        }

        Span<bool> region = stackalloc bool[68];
        FacsRegions.FillMask(emotion, region);
        var colormap = new ScottPlot.Colormaps.Turbo();
        for (var k = 0; k < 68; k++)
        {
            var share = max > 0 ? importance68[k] / max : 0;
            double x = reference[2 * k], y = -reference[(2 * k) + 1];
            if (region[k])
            {
                plot.Add.Marker(x, y, MarkerShape.OpenCircle, 26, Colors.Gray);
            }

            plot.Add.Marker(x, y, MarkerShape.FilledCircle, 5 + (18 * share), colormap.GetColor(share));
        }

        plot.Title($"{emotion.ToLabel()}: shipped classifier's mean |IG| per landmark (colour/size); grey rings = Friesen-Ekman region");
        plot.Axes.SquareUnits();
        plot.HideGrid();
        plot.SavePng(path, 560, 600);
    }

    /// <summary>Grouped bars of one value per emotion for two or more series.</summary>
    public static void Bars(string path, string title, string yLabel, IReadOnlyList<string> emotions, IReadOnlyList<(string Name, double[] Values)> series)
    {
        ArgumentNullException.ThrowIfNull(emotions);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var e = 0; e < emotions.Count; e++)
            {
                var v = series[s].Values[e];
                bars.Add(new Bar { Position = e + ((s - ((series.Count - 1) / 2.0)) * width), Value = double.IsFinite(v) ? v : 0, Size = width * 0.95, FillColor = palette.GetColor(s) });
            }

            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = series[s].Name;
        }

        var ticks = new Tick[emotions.Count];
        for (var e = 0; e < ticks.Length; e++)
        {
            ticks[e] = new Tick(e, emotions[e]);
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 500);
    }
}
