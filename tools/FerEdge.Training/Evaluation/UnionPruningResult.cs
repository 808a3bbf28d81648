namespace FerEdge.Training.Evaluation;

/// <summary>
/// The shared pruning curve: <see cref="Mean"/> holds, per step, the landmarks kept (a prefix of the shared ranking)
/// with the mean accuracy over emotions, its best step and the chosen union; <see cref="PerEmotion"/>[step][emotion] the
/// accuracies averaged. <see cref="Capped"/> is true when the tolerance rule alone would have kept more than the cap,
/// so the union is the most accurate step within the cap instead.
/// </summary>
public sealed record UnionPruningResult(PruningResult Mean, IReadOnlyList<double[]> PerEmotion, bool Capped)
{
    /// <summary>The landmarks the runtime may track (68-layout indices, most important first).</summary>
    public int[] Union => Mean.Chosen.Kept;
}
