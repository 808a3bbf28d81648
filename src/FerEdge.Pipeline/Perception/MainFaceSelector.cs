using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;

namespace FerEdge.Pipeline.Perception;

/// <summary>
/// Chooses the face to follow: the one overlapping the previously followed face (sticky), else the largest and most
/// central one. Not thread-safe.
/// </summary>
public sealed class MainFaceSelector(float stickyIou, int minFaceSize)
{
    private BoxF? _previous;

    /// <summary>Forgets the followed face.</summary>
    public void Reset() => _previous = null;

    /// <summary>Tells the selector where the followed face is now (after tracking moved it).</summary>
    public void Follow(BoxF box) => _previous = box;

    /// <summary>Index of the face to follow in <paramref name="faces"/>, or -1 when none qualifies.</summary>
    public int Select(IReadOnlyList<FaceDetection> faces, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var best = -1;
        var bestScore = double.NegativeInfinity;
        var bestOverlap = 0f;
        var cx = frameWidth / 2.0;
        var cy = frameHeight / 2.0;
        var diagonal = Math.Sqrt((cx * cx) + (cy * cy));
        for (var i = 0; i < faces.Count; i++)
        {
            var box = faces[i].Box;
            if (box.Width < minFaceSize || box.Height < minFaceSize)
            {
                continue;
            }

            var overlap = _previous is { } p ? box.IntersectionOverUnion(p) : 0f;
            if (overlap >= stickyIou && overlap > bestOverlap)
            {
                best = i;
                bestOverlap = overlap;
                continue;
            }

            if (bestOverlap > 0)
            {
                continue;
            }

            // Larger is better; distance from the centre costs up to half the score.
            var distance = Math.Sqrt(Math.Pow(box.CenterX - cx, 2) + Math.Pow(box.CenterY - cy, 2)) / diagonal;
            var score = Math.Sqrt(box.Area) * (1 - (0.5 * distance));
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        _previous = best >= 0 ? faces[best].Box : null;
        return best;
    }
}
