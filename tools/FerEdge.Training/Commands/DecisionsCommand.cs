using System.Text.Json;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train decisions --jsonl FILE [--jsonl FILE ...]</c>: how steady the decided emotion is in the JSON-lines
/// output of <c>fer-edge run --jsonl</c>: per file the media seconds with a face, the decided label's changes per
/// minute of them (a change to or from "no face" is not counted), and the share of face time per label.
/// </summary>
public static class DecisionsCommand
{
    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = options.All("jsonl");
        options.RejectUnknown();
        if (files.Count == 0)
        {
            throw new UsageException("decisions needs at least one --jsonl FILE");
        }

        Console.WriteLine("file | face seconds | changes | changes per minute | label shares of face time");
        foreach (var file in files)
        {
            var (seconds, changes, shares) = Measure(file);
            var perMinute = seconds > 0 ? changes * 60 / seconds : 0;
            var text = string.Join(", ", shares.OrderByDescending(p => p.Value).Select(p => FormattableString.Invariant($"{p.Key} {p.Value / Math.Max(seconds, 1e-9):P0}")));
            Console.WriteLine(FormattableString.Invariant($"{Path.GetFileName(file)} | {seconds:F1} | {changes} | {perMinute:F1} | {text}"));
        }

        return 0;
    }

    /// <summary>Face seconds, decided-label changes and seconds per label of one JSON-lines file.</summary>
    public static (double Seconds, int Changes, Dictionary<string, double> Shares) Measure(string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"JSON-lines file '{file}' does not exist");
        }

        double seconds = 0;
        var changes = 0;
        var shares = new Dictionary<string, double>();
        string? last = null;
        double? lastTime = null;
        string? lastLabel = null;
        var n = 0;
        foreach (var line in File.ReadLines(file))
        {
            n++;
            if (line.Length == 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"'{file}' line {n} is not JSON: {e.Message}", e);
            }

            using var parsed = document;
            var root = document.RootElement;
            var t = root.GetProperty("t").GetDouble();
            var hasFace = root.TryGetProperty("face", out var face) && face.ValueKind == JsonValueKind.Object;
            var label = hasFace && root.TryGetProperty("emotion", out var e2) ? e2.GetString() : null;
            if (lastTime is { } previous && lastLabel is not null)
            {
                var dt = Math.Max(0, t - previous);
                seconds += dt;
                shares[lastLabel] = shares.GetValueOrDefault(lastLabel) + dt;
            }

            if (label is not null)
            {
                if (last is not null && label != last)
                {
                    changes++;
                }

                last = label;
            }

            lastTime = t;
            lastLabel = label;
        }

        return (seconds, changes, shares);
    }
}
