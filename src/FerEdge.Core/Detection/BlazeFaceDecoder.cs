using FerEdge.Core.Geometry;

namespace FerEdge.Core.Detection;

/// <summary>
/// Turns BlazeFace's raw outputs (one score logit and 16 regression values per anchor) into face detections in
/// frame pixels, as MediaPipe's <c>TensorsToDetectionsCalculator</c> does for the face detection graphs.
/// </summary>
/// <remarks>
/// Regression layout per anchor: centre x, centre y, width, height, then (x, y) of the six keypoints, all in input
/// pixels relative to the anchor centre (sizes absolute). Scores are the sigmoid of the logit clipped to
/// +-<see cref="ScoreClip"/>. Stateless apart from its anchors: thread-safe.
/// </remarks>
public sealed class BlazeFaceDecoder
{
    /// <summary>Regression values per anchor.</summary>
    public const int ValuesPerAnchor = 4 + (2 * FaceDetection.KeypointCount);

    /// <summary>Logits are clipped to this magnitude before the sigmoid (MediaPipe's <c>score_clipping_thresh</c>).</summary>
    public const float ScoreClip = 100f;

    /// <summary>Creates a decoder over <paramref name="anchors"/>, which fix the input size and anchor count.</summary>
    public BlazeFaceDecoder(SsdAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        Anchors = anchors;
    }

    /// <summary>The anchors, in the order of the model's outputs.</summary>
    public SsdAnchors Anchors { get; }

    /// <summary>The probability a logit stands for, with MediaPipe's clipping.</summary>
    public static float Sigmoid(float logit)
    {
        var clipped = Math.Clamp(logit, -ScoreClip, ScoreClip);
        return 1f / (1f + MathF.Exp(-clipped));
    }

    /// <summary>The logit whose sigmoid is <paramref name="probability"/> (in (0, 1)).</summary>
    public static float Logit(float probability) => MathF.Log(probability / (1f - probability));

    /// <summary>
    /// Appends to <paramref name="output"/> every anchor whose score reaches <paramref name="scoreThreshold"/>,
    /// decoded and mapped to frame pixels through <paramref name="letterbox"/>. Allocates nothing when
    /// <paramref name="output"/> has the capacity.
    /// </summary>
    /// <param name="logits">One score logit per anchor.</param>
    /// <param name="regressors"><see cref="ValuesPerAnchor"/> values per anchor.</param>
    /// <param name="scoreThreshold">Minimum score in [0, 1].</param>
    /// <param name="letterbox">Placement of the frame in the input.</param>
    /// <param name="output">Receives the detections, in anchor order (not suppressed).</param>
    /// <returns>The number of detections appended.</returns>
    public int Decode(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> regressors,
        float scoreThreshold,
        in Letterbox letterbox,
        List<FaceDetection> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = Anchors.Count;
        if (logits.Length != count || regressors.Length != count * ValuesPerAnchor)
        {
            throw new ArgumentException(
                $"Expected {count} logits and {count * ValuesPerAnchor} regression values, got {logits.Length} and {regressors.Length}.");
        }

        if (letterbox.InputSize != Anchors.InputSize)
        {
            throw new ArgumentException(
                $"The letterbox is for a {letterbox.InputSize}-pixel input, the anchors for {Anchors.InputSize}.", nameof(letterbox));
        }

        // Comparing logits saves a sigmoid per rejected anchor; the sigmoid is monotonic.
        var logitThreshold = scoreThreshold <= 0f ? float.NegativeInfinity
            : scoreThreshold >= 1f ? float.PositiveInfinity
            : Logit(scoreThreshold);
        var centers = Anchors.Centers;
        var inverseSize = 1f / Anchors.InputSize;
        var added = 0;
        for (var i = 0; i < count; i++)
        {
            if (!(logits[i] >= logitThreshold))
            {
                continue;
            }

            var r = regressors.Slice(i * ValuesPerAnchor, ValuesPerAnchor);
            var ax = centers[2 * i];
            var ay = centers[(2 * i) + 1];
            var cx = (r[0] * inverseSize) + ax;
            var cy = (r[1] * inverseSize) + ay;
            var w = r[2] * inverseSize;
            var h = r[3] * inverseSize;
            var left = letterbox.ToFrameX(cx - (w / 2f));
            var top = letterbox.ToFrameY(cy - (h / 2f));
            var right = letterbox.ToFrameX(cx + (w / 2f));
            var bottom = letterbox.ToFrameY(cy + (h / 2f));
            output.Add(new FaceDetection(
                new BoxF(left, top, right - left, bottom - top),
                Sigmoid(logits[i]),
                Keypoint(r, 0, ax, ay, inverseSize, letterbox),
                Keypoint(r, 1, ax, ay, inverseSize, letterbox),
                Keypoint(r, 2, ax, ay, inverseSize, letterbox),
                Keypoint(r, 3, ax, ay, inverseSize, letterbox),
                Keypoint(r, 4, ax, ay, inverseSize, letterbox),
                Keypoint(r, 5, ax, ay, inverseSize, letterbox)));
            added++;
        }

        return added;
    }

    private static Point2 Keypoint(ReadOnlySpan<float> r, int k, float ax, float ay, float inverseSize, in Letterbox letterbox) =>
        new(
            letterbox.ToFrameX((r[4 + (2 * k)] * inverseSize) + ax),
            letterbox.ToFrameY((r[5 + (2 * k)] * inverseSize) + ay));
}
