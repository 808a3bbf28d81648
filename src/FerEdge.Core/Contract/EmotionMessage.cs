using FerEdge.Core.Emotions;
using FerEdge.Core.Geometry;

namespace FerEdge.Core.Contract;

/// <summary>What the emotion topic (and the JSON-lines file) says about one processed frame.</summary>
/// <param name="Time">Media time of the frame, seconds.</param>
/// <param name="Frame">0-based frame index.</param>
/// <param name="Faces">Faces detected in the frame.</param>
/// <param name="Box">The followed face's box in pixels, or null when no face is followed.</param>
/// <param name="Tracked">Whether the followed face's landmarks were tracked (true) or fitted on a keyframe.</param>
/// <param name="Emotion">The decided emotion, or null without a face.</param>
/// <param name="Confidence">Confidence in the decided emotion, 0..1.</param>
/// <param name="Scores">Calibrated, smoothed score per classified emotion (<see cref="EmotionLabels.Classified"/> order).</param>
/// <param name="Person">The person whose profile scored the frame, or null for the session profile.</param>
public readonly record struct EmotionMessage(
    double Time, long Frame, int Faces, BoxF? Box, bool Tracked, Emotion? Emotion, float Confidence, float[] Scores, string? Person = null);
