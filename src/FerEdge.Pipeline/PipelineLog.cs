using Microsoft.Extensions.Logging;

namespace FerEdge.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Reading {Source} ({Mode})")]
    public static partial void Started(ILogger logger, string source, string mode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "End of {Source} after {Frames} frames")]
    public static partial void EndOfSource(ILogger logger, string source, long frames);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Frame {Frame} of {Source} could not be read: {Reason}; skipping it")]
    public static partial void CorruptFrame(ILogger logger, long frame, string source, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Source} failed: {Reason}; retrying in {DelayMs} ms")]
    public static partial void SourceRetry(ILogger logger, string source, string reason, long delayMs);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "{Source} failed: {Reason}; stopping")]
    public static partial void SourceFailed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Pipeline stage failed")]
    public static partial void StageFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Frame {Frame} at {Time:F2} s: {Emotion} ({Confidence:P0}){Reason}")]
    public static partial void EmotionChanged(ILogger logger, long frame, double time, string emotion, float confidence, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Stopped after max frames ({MaxFrames})")]
    public static partial void MaxFramesReached(ILogger logger, long maxFrames);
}
