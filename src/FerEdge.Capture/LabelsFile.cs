using System.Globalization;
using FerEdge.Core.Emotions;

namespace FerEdge.Capture;

/// <summary>
/// Reads a data set's <c>labels.csv</c>: a header naming at least <c>path</c> and <c>emotion</c>, optionally
/// <c>subject</c>, <c>sequence</c> and <c>frame</c>; paths are relative to the folder. Rows keep file order.
/// Malformed files throw <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
public static class LabelsFile
{
    /// <summary>The file name looked for inside a data folder.</summary>
    public const string FileName = "labels.csv";

    /// <summary>Reads <c>labels.csv</c> in <paramref name="folder"/>; a missing subject column makes each image its own subject.</summary>
    public static IReadOnlyList<LabelledImage> Read(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"labels file '{file}' not found (expected path,emotion[,subject] rows)", file);
        }

        var lines = File.ReadAllLines(file);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"labels file '{file}' is empty (expected a header path,emotion[,subject])");
        }

        var header = lines[0].Trim().Split(',');
        int pathCol = Column(header, "path"), emotionCol = Column(header, "emotion");
        int subjectCol = Column(header, "subject"), sequenceCol = Column(header, "sequence"), frameCol = Column(header, "frame");
        var splitCol = Column(header, "split");
        var all = EmotionLabels.All;
        var voteCols = new int[all.Length];
        for (var k = 0; k < all.Length; k++)
        {
            voteCols[k] = Column(header, "votes_" + all[k].ToLabel());
        }

        var hasVotes = Array.TrueForAll(voteCols, c => c >= 0);
        if (pathCol < 0 || emotionCol < 0)
        {
            throw new InvalidDataException($"labels file '{file}': header '{lines[0]}' must name the columns path and emotion");
        }

        var rows = new List<LabelledImage>(lines.Length - 1);
        for (var n = 1; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length < header.Length)
            {
                throw new InvalidDataException($"labels file '{file}' line {n + 1}: {cells.Length} columns, header has {header.Length}");
            }

            if (!EmotionLabels.TryParse(cells[emotionCol], out var emotion))
            {
                throw new InvalidDataException($"labels file '{file}' line {n + 1}: '{cells[emotionCol]}' is not an emotion label");
            }

            var relative = cells[pathCol].Trim();
            var frame = -1;
            if (frameCol >= 0 && !int.TryParse(cells[frameCol], NumberStyles.Integer, CultureInfo.InvariantCulture, out frame))
            {
                throw new InvalidDataException($"labels file '{file}' line {n + 1}: frame '{cells[frameCol]}' is not an integer");
            }

            int[]? votes = null;
            if (hasVotes)
            {
                votes = new int[all.Length];
                for (var k = 0; k < all.Length; k++)
                {
                    if (!int.TryParse(cells[voteCols[k]], NumberStyles.Integer, CultureInfo.InvariantCulture, out votes[k]) || votes[k] < 0)
                    {
                        throw new InvalidDataException($"labels file '{file}' line {n + 1}: votes_{all[k].ToLabel()} '{cells[voteCols[k]]}' is not a vote count");
                    }
                }
            }

            rows.Add(new LabelledImage(
                Path.GetFullPath(Path.Combine(folder, relative)),
                emotion,
                subjectCol >= 0 ? cells[subjectCol].Trim() : relative,
                sequenceCol >= 0 ? cells[sequenceCol].Trim() : null,
                frame)
            {
                Split = splitCol >= 0 ? cells[splitCol].Trim() : null,
                Votes = votes,
            });
        }

        return rows;
    }

    private static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
}
