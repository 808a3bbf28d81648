using FerEdge.Core.Detection;
using FerEdge.Core.Frames;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;
using FerEdge.Core.Tracking;
using FerEdge.Pipeline.Diagnostics;
using FerEdge.Vision.Perception;

namespace FerEdge.Pipeline.Perception;

/// <summary>
/// Perception of one frame at a time: keyframes get detection and the full 68-point fit; frames in between track
/// the landmark subset and move the rest of the keyframe shape with the similarity the tracked points imply. A
/// tracking failure (points lost, forward-backward error, a scale jump or collapse) re-detects on the same frame;
/// the interval rule re-detects on the next.
/// </summary>
/// <remarks>Not thread-safe: runs on the vision scheduler. It does not own the landmarker.</remarks>
public sealed class FacePerception
{
    private readonly FaceLandmarker _landmarker;
    private readonly PerceptionOptions _options;
    private readonly LandmarkSubsetTracker? _tracker;
    private readonly MainFaceSelector _selector;
    private readonly int[] _subset;
    private readonly float[] _keyShape = new float[Face68.ShapeLength];
    private readonly Point2[] _keyPoints = new Point2[Face68.PointCount];
    private readonly Point2[] _keySubset;
    private readonly Point2[] _movedPoints = new Point2[Face68.PointCount];
    private BoxF _keyBox;
    private int _faceCount;
    private bool _needKeyframe = true;

    /// <summary>Creates the stage; <paramref name="trackedSubset"/> lists the landmark indices to track.</summary>
    public FacePerception(FaceLandmarker landmarker, ReadOnlySpan<int> trackedSubset, PerceptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(landmarker);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _landmarker = landmarker;
        _options = options;
        _subset = trackedSubset.ToArray();
        _keySubset = new Point2[_subset.Length];
        _selector = new MainFaceSelector(options.StickyIou, options.MinFaceSize);
        if (options.Tracking && _subset.Length >= 2)
        {
            _tracker = new LandmarkSubsetTracker(_subset, options.Tracker, new RedetectPolicy(options.Redetect));
        }
    }

    /// <summary>Keyframes so far.</summary>
    public long Keyframes { get; private set; }

    /// <summary>Tracked frames so far.</summary>
    public long TrackedFrames { get; private set; }

    /// <summary>Processes one frame; the frame's buffers are not kept.</summary>
    public PerceptionResult Process(VideoFrame frame, long capturedAt)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var trackingMs = 0f;
        if (!_needKeyframe && _tracker is { HasKeyframe: true })
        {
            var t0 = StageClock.Now();
            var r = _tracker.Track(frame.Gray!);
            var failed = r.Redetect is not (RedetectReason.None or RedetectReason.Interval);
            var box = default(BoxF);
            var moved = !failed && TryMoveKeyShape(out box);
            trackingMs = StageClock.Ms(t0, StageClock.Now());
            if (moved)
            {
                _needKeyframe = r.NextFrameIsKeyframe;
                TrackedFrames++;
                _selector.Follow(box);
                return new PerceptionResult
                {
                    Frame = frame.Index,
                    Time = frame.Time,
                    CapturedAt = capturedAt,
                    FaceCount = _faceCount,
                    Box = box,
                    Tracked = true,
                    Shape = ToShape(_movedPoints),
                    Timing = new FrameTiming { Frame = frame.Index, TrackingMs = trackingMs },
                };
            }
        }

        // A failed track re-detects on the same frame; its tracking time stays on the frame's record.
        return Keyframe(frame, capturedAt, trackingMs);
    }

    private PerceptionResult Keyframe(VideoFrame frame, long capturedAt, float trackingMs)
    {
        Keyframes++;
        var t0 = StageClock.Now();
        _faceCount = _landmarker.Detect(frame.Color!);
        var main = _selector.Select(_landmarker.Faces, frame.Width, frame.Height);
        var t1 = StageClock.Now();
        var timing = new FrameTiming { Frame = frame.Index, Keyframe = true, TrackingMs = trackingMs, DetectionMs = StageClock.Ms(t0, t1) };
        if (main < 0)
        {
            _needKeyframe = true;
            return new PerceptionResult { Frame = frame.Index, Time = frame.Time, CapturedAt = capturedAt, FaceCount = _faceCount, Keyframe = true, Timing = timing };
        }

        return Fit(frame, capturedAt, _landmarker.Faces[main], timing, t1);
    }

    /// <summary>
    /// Runs each step of perception once on <paramref name="frame"/> as though a face filled its middle: detection
    /// (which finds nothing on a synthetic frame), the fit in a box there with its crop re-detection and refinements,
    /// the tracker's keyframe, and one tracked frame. It warms a new process (the JIT, first-touch buffers) before its
    /// first real frame; the stage is left tracking that made-up face, so warm a stage of its own, not one that runs
    /// frames. Returns the keyframe's result, whose shape lets the emotion stage be warmed in turn.
    /// </summary>
    public PerceptionResult WarmUp(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var t0 = StageClock.Now();
        _faceCount = _landmarker.Detect(frame.Color!);
        _selector.Select(_landmarker.Faces, frame.Width, frame.Height);
        var side = Math.Min(frame.Width, frame.Height) / 2f;
        var (cx, cy) = (frame.Width / 2f, frame.Height / 2f);
        var face = new FaceDetection(
            new BoxF(cx - (side / 2f), cy - (side / 2f), side, side),
            1f,
            new Point2(cx - (0.2f * side), cy - (0.12f * side)),
            new Point2(cx + (0.2f * side), cy - (0.12f * side)),
            new Point2(cx, cy + (0.05f * side)),
            new Point2(cx, cy + (0.25f * side)),
            new Point2(cx - (0.45f * side), cy),
            new Point2(cx + (0.45f * side), cy));
        Keyframes++;
        var keyframe = Fit(frame, 0, face, new FrameTiming { Frame = frame.Index, Keyframe = true }, t0);
        Process(frame, 0);
        return keyframe;
    }

    private PerceptionResult Fit(VideoFrame frame, long capturedAt, in FaceDetection face, FrameTiming timing, long t1)
    {
        _landmarker.FitDetection(frame.Gray!, face, _keyShape);
        for (var i = 0; i < Face68.PointCount; i++)
        {
            _keyPoints[i] = new Point2(_keyShape[2 * i], _keyShape[(2 * i) + 1]);
        }

        for (var i = 0; i < _subset.Length; i++)
        {
            _keySubset[i] = _keyPoints[_subset[i]];
        }

        _keyBox = face.Box;
        _tracker?.SetKeyframe(frame.Gray!, _keyPoints);
        _needKeyframe = _tracker is null;
        timing = timing with { LandmarksMs = StageClock.Ms(t1, StageClock.Now()) };
        return new PerceptionResult
        {
            Frame = frame.Index,
            Time = frame.Time,
            CapturedAt = capturedAt,
            FaceCount = _faceCount,
            Box = face.Box,
            Tracked = false,
            Keyframe = true,
            Shape = (float[])_keyShape.Clone(),
            Timing = timing,
        };
    }

    private bool TryMoveKeyShape(out BoxF box)
    {
        box = default;
        var tracked = _tracker!.Points;
        if (!SimilarityTransform.TryFit(_keySubset, tracked, ReadOnlySpan<float>.Empty, out var t))
        {
            return false;
        }

        t.Apply(_keyPoints, _movedPoints);
        for (var i = 0; i < _subset.Length; i++)
        {
            _movedPoints[_subset[i]] = tracked[i];
        }

        var a = t.Apply(new Point2(_keyBox.X, _keyBox.Y));
        var scale = (float)t.Scale;
        box = new BoxF(a.X, a.Y, _keyBox.Width * scale, _keyBox.Height * scale);
        return true;
    }

    private static float[] ToShape(ReadOnlySpan<Point2> points)
    {
        var shape = new float[points.Length * 2];
        for (var i = 0; i < points.Length; i++)
        {
            shape[2 * i] = points[i].X;
            shape[(2 * i) + 1] = points[i].Y;
        }

        return shape;
    }
}
