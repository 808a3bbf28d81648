using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;

namespace FerEdge.Training.Trainer;

/// <summary>
/// All seven classifiers with the shared ranking and the shared pruning curve that bounded the union of their
/// landmark subsets.
/// </summary>
public sealed record TrainedEmotions(IReadOnlyList<EmotionModel> Models, LandmarkRanking SharedRanking, UnionPruningResult UnionPruning)
{
    /// <summary>Sorted 68-layout indices of every landmark some classifier uses: what the runtime tracks.</summary>
    public int[] TrackedUnion()
    {
        var union = new SortedSet<int>();
        foreach (var m in Models)
        {
            union.UnionWith(m.Layout.Indices.ToArray());
            union.UnionWith(m.Alignment);
        }

        return [.. union];
    }
}
