using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;

namespace FerEdge.Training.Explain;

/// <summary>
/// One landmark ranking shared by all emotions, so that pruning on it bounds the union of landmarks the runtime
/// tracks. Each emotion's mean |IG| per landmark is first divided by its own total (an emotion whose classifier has
/// larger scores or larger displacements must not outweigh the others), then the shares are summed over emotions.
/// Static and thread-safe.
/// </summary>
public static class SharedRanking
{
    /// <summary>
    /// Combines per-emotion rankings over the full 68-landmark layout into one. Throws when a ranking is not over all
    /// 68 landmarks or has no attribution at all (nothing to normalise by).
    /// </summary>
    public static LandmarkRanking Combine(IReadOnlyList<LandmarkRanking> perEmotion)
    {
        ArgumentNullException.ThrowIfNull(perEmotion);
        if (perEmotion.Count == 0)
        {
            throw new ArgumentException("no rankings to combine", nameof(perEmotion));
        }

        var shared = new double[Face68.PointCount];
        foreach (var ranking in perEmotion)
        {
            ArgumentNullException.ThrowIfNull(ranking);
            if (ranking.Layout.LandmarkCount != Face68.PointCount)
            {
                throw new ArgumentException($"a shared ranking needs rankings over all 68 landmarks, got one over {ranking.Layout.LandmarkCount}", nameof(perEmotion));
            }

            var importance = ranking.Importance;
            double total = 0;
            foreach (var v in importance)
            {
                total += v;
            }

            if (!(total > 0))
            {
                throw new ArgumentException("a ranking has no attribution (all importances are zero)", nameof(perEmotion));
            }

            for (var k = 0; k < importance.Length; k++)
            {
                shared[ranking.Layout.Indices[k]] += importance[k] / total;
            }
        }

        return LandmarkRanking.FromImportance(shared, FeatureLayout.Full());
    }
}
