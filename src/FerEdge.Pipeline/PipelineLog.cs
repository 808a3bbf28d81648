using Microsoft.Extensions.Logging;

namespace FerEdge.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Reading {Source} ({Mode})")]
    public static partial void Started(ILogger logger, string source, string mode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "End of {Source} after {Frames} frames")]
    public static partial void EndOfSource(ILogger logger, string source, long frames);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Source}: an item could not be read ({Reason}); skipping it ({Errors} unreadable so far, {Suppressed} not logged since the last line)")]
    public static partial void CorruptFrame(ILogger logger, string source, string reason, long errors, long suppressed);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Source} failed: {Reason}; retrying in {DelayMs} ms ({Suppressed} failures not logged since the last line)")]
    public static partial void SourceRetry(ILogger logger, string source, string reason, long delayMs, long suppressed);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "{Source} failed: {Reason}; stopping")]
    public static partial void SourceFailed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Pipeline stage failed")]
    public static partial void StageFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Frame {Frame} at {Time:F2} s: {Emotion} ({Confidence:P0}){Reason}")]
    public static partial void EmotionChanged(ILogger logger, long frame, double time, string emotion, float confidence, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Stopped after max frames ({MaxFrames})")]
    public static partial void MaxFramesReached(ILogger logger, long maxFrames);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void EndedEarly(ILogger logger, string warning);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "{Source}: {Errors} unreadable item(s) skipped in all")]
    public static partial void SourceErrorsTotal(ILogger logger, string source, long errors);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Sink {Sink} failed: {Reason} ({Errors} sink failures so far, {Suppressed} not logged since the last line); the run goes on")]
    public static partial void SinkFailed(ILogger logger, string sink, string reason, long errors, long suppressed);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "JSON-lines file {Path} cannot be written: {Reason}; retrying in {DelayMs} ms, the run goes on ({Lost} lines lost so far, {Suppressed} failures not logged since the last line)")]
    public static partial void JsonLinesFailed(ILogger logger, string path, string reason, long delayMs, long lost, long suppressed);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "JSON-lines file {Path} is written again ({Lost} lines lost while it failed)")]
    public static partial void JsonLinesRecovered(ILogger logger, string path, long lost);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "JSON-lines file {Path} was removed; creating it again")]
    public static partial void JsonLinesRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "JSON-lines file {Path} ended inside a line; cut the partial line ({Bytes} bytes)")]
    public static partial void JsonLinesCut(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "JSON-lines file {Path}: {Written} lines written, {Lost} lost, {Failures} failed writes or opens")]
    public static partial void JsonLinesSummary(ILogger logger, string path, long written, long lost, long failures);

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "{Source} delivers frames again")]
    public static partial void SourceBack(ILogger logger, string source);
}
