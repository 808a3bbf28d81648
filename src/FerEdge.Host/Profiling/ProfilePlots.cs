using ScottPlot;

namespace FerEdge.Host.Profiling;

/// <summary>The profile report's figures, drawn with ScottPlot into PNG files. Static; one call per file.</summary>
public static class ProfilePlots
{
    /// <summary>Per stage, grouped bars of p50, p90, p99 and max latency (ms), with the 5 ms / 15 ms targets drawn.</summary>
    public static void Latency(string path, ProfileResult profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string[] series = ["p50", "p90", "p99", "max"];
        var width = 0.8 / series.Length;
        var stages = profile.Stages;
        for (var s = 0; s < series.Length; s++)
        {
            var bars = new List<Bar>();
            for (var i = 0; i < stages.Count; i++)
            {
                var st = stages[i];
                var v = s switch { 0 => st.P50Ms, 1 => st.P90Ms, 2 => st.P99Ms, _ => st.MaxMs };
                bars.Add(new Bar { Position = i + ((s - ((series.Length - 1) / 2.0)) * width), Value = v, Size = width * 0.95, FillColor = palette.GetColor(s) });
            }

            plot.Add.Bars(bars).LegendText = series[s];
        }

        var ticks = new Tick[stages.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = new Tick(i, stages[i].Name.Replace('_', ' '));
        }

        var p50Target = plot.Add.HorizontalLine(5, 1, Colors.Green, LinePattern.Dashed);
        p50Target.LegendText = "p50 target (end to end)";
        var p99Target = plot.Add.HorizontalLine(15, 1, Colors.Red, LinePattern.Dashed);
        p99Target.LegendText = "p99 target (end to end)";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Latency per stage over {profile.Frames} frames (stages counted on the frames they ran on)");
        plot.YLabel("ms");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 560);
    }

    /// <summary>Per frame: end-to-end, perception (detection + landmarks + tracking) and classifiers (ms); keyframes marked.</summary>
    public static void Timeline(string path, ProfileResult profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var t = profile.Timeline;
        var xs = new double[t.Length];
        var endToEnd = new double[t.Length];
        var perception = new double[t.Length];
        var classifiers = new double[t.Length];
        var keyX = new List<double>();
        var keyY = new List<double>();
        for (var i = 0; i < t.Length; i++)
        {
            xs[i] = t[i].Frame;
            endToEnd[i] = t[i].EndToEndMs;
            perception[i] = t[i].DetectionMs + t[i].LandmarksMs + t[i].TrackingMs;
            classifiers[i] = t[i].ClassifiersMs + t[i].ExplanationMs;
            if (t[i].Keyframe)
            {
                keyX.Add(t[i].Frame);
                keyY.Add(t[i].EndToEndMs);
            }
        }

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        plot.Add.ScatterLine(xs, endToEnd, palette.GetColor(0)).LegendText = "end to end";
        plot.Add.ScatterLine(xs, perception, palette.GetColor(1)).LegendText = "perception (detection + landmarks + tracking)";
        plot.Add.ScatterLine(xs, classifiers, palette.GetColor(2)).LegendText = "classifiers + explanation";
        if (keyX.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(keyX.ToArray(), keyY.ToArray(), Colors.Red);
            marks.MarkerShape = MarkerShape.OpenCircle;
            marks.MarkerSize = 10;
            marks.LegendText = "keyframe";
        }

        plot.Title("Per-frame timeline (end to end: capture timestamp to end of publishing; circles: keyframes)");
        plot.XLabel("frame");
        plot.YLabel("ms");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 480);
    }
}
