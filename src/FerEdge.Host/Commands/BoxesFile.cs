using System.Globalization;
using FerEdge.Core.Geometry;

namespace FerEdge.Host.Commands;

/// <summary>
/// Reads a boxes CSV of the <c>landmarks --boxes</c> contract: header <c>frame,left,top,right,bottom</c>, one row per
/// face, boxes in dlib's inclusive convention. Bad rows raise <see cref="InvalidDataException"/> naming the file and
/// line.
/// </summary>
public static class BoxesFile
{
    /// <summary>Boxes by frame index, in file order within a frame.</summary>
    public static IReadOnlyDictionary<long, List<DlibRect>> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Boxes file not found: {path}", path);
        }

        var result = new Dictionary<long, List<DlibRect>>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null || !string.Equals(header.Trim().Replace(" ", string.Empty, StringComparison.Ordinal), "frame,left,top,right,bottom", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: line 1 must be the header 'frame,left,top,right,bottom'");
        }

        var lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 5)
            {
                throw new InvalidDataException($"{path}: line {lineNo} has {parts.Length} fields, expected 5 (frame,left,top,right,bottom)");
            }

            if (!long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var frame) || frame < 0)
            {
                throw new InvalidDataException($"{path}: line {lineNo}: frame '{parts[0]}' is not a non-negative whole number");
            }

            var v = new int[4];
            for (var i = 0; i < 4; i++)
            {
                if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d) || Math.Abs(d) > 1e6)
                {
                    throw new InvalidDataException($"{path}: line {lineNo}: '{parts[i + 1]}' is not a pixel coordinate");
                }

                v[i] = (int)Math.Round(d, MidpointRounding.AwayFromZero);
            }

            var rect = new DlibRect(v[0], v[1], v[2], v[3]);
            if (rect.IsEmpty)
            {
                throw new InvalidDataException($"{path}: line {lineNo}: empty box (right < left or bottom < top)");
            }

            if (!result.TryGetValue(frame, out var list))
            {
                result[frame] = list = [];
            }

            list.Add(rect);
        }

        return result;
    }
}
