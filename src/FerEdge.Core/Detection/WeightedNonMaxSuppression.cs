using FerEdge.Core.Geometry;

namespace FerEdge.Core.Detection;

/// <summary>
/// MediaPipe's weighted non-maximum suppression (<c>NonMaxSuppressionCalculator</c>, algorithm WEIGHTED): take the
/// best remaining detection, gather every remaining detection overlapping it by more than the IoU threshold (itself
/// included), and emit their score-weighted average box and keypoints with the best one's score.
/// </summary>
/// <remarks>
/// Averaging instead of discarding steadies boxes from frame to frame. Stateless: thread-safe.
/// </remarks>
public static class WeightedNonMaxSuppression
{
    private static readonly Comparison<FaceDetection> ByScoreDescending = static (a, b) => b.Score.CompareTo(a.Score);

    /// <summary>
    /// Suppresses <paramref name="candidates"/> (reordered by descending score in place) into
    /// <paramref name="output"/> (cleared first), keeping at most <paramref name="maxDetections"/> merged faces.
    /// Allocates nothing when <paramref name="output"/> has the capacity and there are at most 1024 candidates.
    /// </summary>
    /// <param name="candidates">Decoded detections; sorted in place.</param>
    /// <param name="iouThreshold">Detections overlapping the best one by more than this are merged into it.</param>
    /// <param name="maxDetections">Upper bound on the number of output detections.</param>
    /// <param name="output">Receives the merged detections, best first.</param>
    public static void Apply(List<FaceDetection> candidates, float iouThreshold, int maxDetections, List<FaceDetection> output)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDetections);
        if (ReferenceEquals(candidates, output))
        {
            throw new ArgumentException("Candidates and output must be different lists.", nameof(output));
        }

        output.Clear();
        var n = candidates.Count;
        if (n == 0)
        {
            return;
        }

        candidates.Sort(ByScoreDescending);
        Span<bool> used = n <= 1024 ? stackalloc bool[n] : new bool[n];
        used.Clear();
        Span<float> sum = stackalloc float[4 + (2 * FaceDetection.KeypointCount)];
        for (var best = 0; best < n && output.Count < maxDetections; best++)
        {
            if (used[best])
            {
                continue;
            }

            var top = candidates[best];
            sum.Clear();
            var total = 0f;
            var members = 0;
            for (var j = best; j < n; j++)
            {
                if (used[j])
                {
                    continue;
                }

                var d = candidates[j];
                if (j != best && !(top.Box.IntersectionOverUnion(d.Box) > iouThreshold))
                {
                    continue;
                }

                used[j] = true;
                Accumulate(sum, d);
                total += d.Score;
                members++;
            }

            // A lone detection passes through untouched rather than through a lossy divide.
            output.Add(members == 1 ? top : Average(sum, total, top.Score));
        }
    }

    private static void Accumulate(Span<float> sum, in FaceDetection d)
    {
        var w = d.Score;
        sum[0] += w * d.Box.X;
        sum[1] += w * d.Box.Y;
        sum[2] += w * d.Box.Right;
        sum[3] += w * d.Box.Bottom;
        for (var k = 0; k < FaceDetection.KeypointCount; k++)
        {
            var p = d.Keypoint(k);
            sum[4 + (2 * k)] += w * p.X;
            sum[5 + (2 * k)] += w * p.Y;
        }
    }

    private static FaceDetection Average(ReadOnlySpan<float> sum, float total, float score)
    {
        // All-zero scores cannot pass a positive threshold, but keep the merge defined for a zero threshold.
        var inv = total > 0f ? 1f / total : 0f;
        var left = sum[0] * inv;
        var top = sum[1] * inv;
        return new FaceDetection(
            new BoxF(left, top, (sum[2] * inv) - left, (sum[3] * inv) - top),
            score,
            Point(sum, 0, inv),
            Point(sum, 1, inv),
            Point(sum, 2, inv),
            Point(sum, 3, inv),
            Point(sum, 4, inv),
            Point(sum, 5, inv));
    }

    private static Point2 Point(ReadOnlySpan<float> sum, int k, float inv) =>
        new(sum[4 + (2 * k)] * inv, sum[5 + (2 * k)] * inv);
}
