using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Emotions;

/// <summary>
/// Builds an <see cref="ExplanationSummary"/> from a per-landmark attribution map (68 non-negative values, e.g. the
/// |Integrated Gradients| of x and y summed per landmark) and the aligned face against its neutral reference.
/// </summary>
/// <remarks>Thread-safe (no state). Allocates the summary it returns; called a few times per second at most.</remarks>
public static class ExplanationSummarizer
{
    /// <summary>Builds the summary; <paramref name="topCount"/> landmarks are listed.</summary>
    public static ExplanationSummary Summarize(
        Emotion emotion,
        ReadOnlySpan<float> attribution,
        ReadOnlySpan<float> alignedShape,
        ReadOnlySpan<float> reference,
        int topCount = 5)
    {
        if (attribution.Length != Face68.PointCount)
        {
            throw new ArgumentException($"Expected 68 attributions, got {attribution.Length}.", nameof(attribution));
        }

        var total = 0f;
        foreach (var a in attribution)
        {
            total += MathF.Abs(a);
        }

        var regions = new float[FaceRegions.Count];
        var top = new List<LandmarkShare>(Face68.PointCount);
        for (var i = 0; i < Face68.PointCount; i++)
        {
            var share = total > 0 ? MathF.Abs(attribution[i]) / total : 0f;
            regions[(int)FaceRegions.Of(i)] += share;
            top.Add(new LandmarkShare(i, share));
        }

        top.Sort((a, b) => b.Share.CompareTo(a.Share) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        top.RemoveRange(Math.Min(topCount, top.Count), top.Count - Math.Min(topCount, top.Count));

        float? facs = emotion is Emotion.Neutral or Emotion.Contempt || total <= 0
            ? null
            : FacsAgreement.IntersectionOverUnion(attribution, emotion);
        var reason = Reason(emotion, regions, alignedShape, reference);
        return new ExplanationSummary(emotion, regions, top, facs, reason);
    }

    /// <summary>
    /// The one-line reason: up to two cues that changed most from neutral, weighted by how much attribution their
    /// region carries, so the reason speaks of what drove the classifier.
    /// </summary>
    public static string Reason(Emotion emotion, ReadOnlySpan<float> regionShares, ReadOnlySpan<float> alignedShape, ReadOnlySpan<float> reference)
    {
        Span<float> changes = stackalloc float[FacialCues.Count];
        FacialCues.Measure(alignedShape, reference, changes);
        int first = -1, second = -1;
        float firstScore = 0, secondScore = 0;
        for (var c = 0; c < FacialCues.Count; c++)
        {
            var magnitude = MathF.Abs(changes[c]);
            if (magnitude < FacialCues.MinimumChange)
            {
                continue;
            }

            var score = magnitude * (0.2f + regionShares[(int)FacialCues.RegionOf(c)]);
            if (score > firstScore)
            {
                second = first;
                secondScore = firstScore;
                first = c;
                firstScore = score;
            }
            else if (score > secondScore)
            {
                second = c;
                secondScore = score;
            }
        }

        if (first < 0)
        {
            return emotion == Emotion.Neutral ? "face relaxed, close to neutral" : "small changes across the face";
        }

        var text = FacialCues.Describe(first, changes[first]);
        return second < 0 ? text : text + ", " + FacialCues.Describe(second, changes[second]);
    }
}
