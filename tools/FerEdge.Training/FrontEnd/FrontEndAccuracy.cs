using System.Globalization;

namespace FerEdge.Training.FrontEnd;

/// <summary>Counts and landmark errors of one variant on one data set.</summary>
internal sealed class FrontEndAccuracy
{
    /// <summary>Normalised errors (fractions of the inter-ocular distance) of the matched faces.</summary>
    public List<double> Errors { get; } = [];

    public int Frames { get; set; }

    public int FramesWithDlibFace { get; set; }

    public int DlibFaces { get; set; }

    public int MatchedFaces { get; set; }

    /// <summary>Adds another accumulator's counts and errors to this one.</summary>
    public void Add(FrontEndAccuracy other)
    {
        Errors.AddRange(other.Errors);
        Frames += other.Frames;
        FramesWithDlibFace += other.FramesWithDlibFace;
        DlibFaces += other.DlibFaces;
        MatchedFaces += other.MatchedFaces;
    }

    public double Mean => Errors.Count == 0 ? double.NaN : Errors.Average();

    /// <summary>Markdown table header matching <see cref="Row"/>.</summary>
    public static string Header =>
        "| data | variant | frames | frames with a dlib face | dlib faces found by FerEdge | error mean % | median % | p90 % | max % |\n" +
        "|---|---|---:|---:|---:|---:|---:|---:|---:|";

    public string Row(string data, string variant)
    {
        var sorted = Errors.Order().ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {data} | {variant} | {Frames} | {FramesWithDlibFace} | {MatchedFaces}/{DlibFaces} ({100.0 * MatchedFaces / Math.Max(1, DlibFaces):F1} %) | {100 * Mean:F2} | {100 * Percentile(sorted, 0.5):F2} | {100 * Percentile(sorted, 0.9):F2} | {100 * (sorted.Count > 0 ? sorted[^1] : double.NaN):F2} |");
    }

    /// <summary>Nearest-rank percentile of sorted values (NaN when empty).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
