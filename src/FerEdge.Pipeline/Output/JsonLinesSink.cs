using System.Buffers;
using FerEdge.Core.Diagnostics;
using FerEdge.Pipeline.Emotions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Pipeline.Output;

/// <summary>
/// Writes one emotion payload per processed frame as a line of a JSON-lines file, and never stops the run.
/// </summary>
/// <remarks>
/// <para>
/// Lines collect in memory and reach the operating system only whole, in one write per flush, at least every
/// <see cref="JsonLinesOptions.FlushInterval"/> (a timer flushes when frames stop), so a killed process loses at most
/// that interval. Opening an existing file removes a partial last line that a full disk may have left.
/// </para>
/// <para>
/// A failed write (disk full, permission, the folder gone) is logged once, counted, and the file is reopened after a
/// doubling delay; meanwhile lines wait in a bounded buffer and the ones beyond it are dropped and counted
/// (<see cref="LinesLost"/>). A file removed while open is noticed at the next flush and created again.
/// </para>
/// <para>Thread-safe: <see cref="Publish"/> comes from the publish scheduler, flushes also from a timer.</para>
/// </remarks>
public sealed class JsonLinesSink : IOutcomeSink
{
    private readonly JsonLinesOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private readonly LogThrottle _failureLog = new(TimeSpan.FromSeconds(30));
    private readonly ITimer _timer;
    private FileStream? _stream;
    private long _length;
    private int _pendingLines;
    private long _lastFlush;
    private DateTimeOffset _retryAt;
    private TimeSpan _retryDelay;
    private bool _failing;
    private bool _openedOnce;
    private bool _disposed;
    private long _written;
    private long _lost;
    private long _failures;

    /// <summary>Creates (or, per <see cref="JsonLinesOptions.Append"/>, continues) <paramref name="path"/>; its folder must exist.</summary>
    public JsonLinesSink(string path)
        : this(new JsonLinesOptions { Path = path }, TimeProvider.System, NullLogger.Instance)
    {
    }

    /// <summary>A sink with the given settings; time drives flushes and retries.</summary>
    /// <exception cref="DirectoryNotFoundException">The file's folder does not exist (a configuration error).</exception>
    public JsonLinesSink(JsonLinesOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path))!;
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"Folder of the JSON-lines output does not exist: {dir}");
        }

        _options = options;
        _time = time;
        _logger = logger;
        _retryDelay = options.RetryMinDelay;
        _lastFlush = time.GetTimestamp();
        lock (_gate)
        {
            TryOpen();
        }

        _timer = time.CreateTimer(_ => Flush(), null, options.FlushInterval, options.FlushInterval);
    }

    /// <summary>Lines handed to the operating system.</summary>
    public long LinesWritten => Interlocked.Read(ref _written);

    /// <summary>Lines dropped: the buffer was full while the file could not be written, or a write failed.</summary>
    public long LinesLost => Interlocked.Read(ref _lost);

    /// <summary>Failed opens and writes.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>True while the file cannot be written (between a failure and the next successful write).</summary>
    public bool IsFailing => Volatile.Read(ref _failing);

    /// <inheritdoc />
    public void Publish(FrameOutcome outcome, ReadOnlyMemory<byte> emotionJson, ReadOnlyMemory<byte> explanationJson)
    {
        lock (_gate)
        {
            if (_pending.WrittenCount + emotionJson.Length + 1 > _options.MaxPendingBytes)
            {
                Interlocked.Increment(ref _lost);
            }
            else
            {
                _pending.Write(emotionJson.Span);
                _pending.Write("\n"u8);
                _pendingLines++;
            }

            if (_time.GetElapsedTime(_lastFlush) >= _options.FlushInterval)
            {
                FlushLocked();
            }
        }
    }

    /// <summary>Hands the waiting lines to the operating system now (or tries to reopen a failed file when due).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                FlushLocked();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // A last attempt, even when a retry is not due yet.
            _retryAt = DateTimeOffset.MinValue;
            FlushLocked();
            _disposed = true;
            if (_pendingLines > 0)
            {
                Interlocked.Add(ref _lost, _pendingLines);
                _pendingLines = 0;
            }

            CloseLocked();
        }

        if (LinesLost > 0 || Failures > 0)
        {
            PipelineLog.JsonLinesSummary(_logger, _options.Path, LinesWritten, LinesLost, Failures);
        }
    }

    private void FlushLocked()
    {
        _lastFlush = _time.GetTimestamp();
        if (_stream is null && (_time.GetUtcNow() < _retryAt || !TryOpen()))
        {
            return;
        }

        if (!File.Exists(_options.Path))
        {
            PipelineLog.JsonLinesRemoved(_logger, _options.Path);
            CloseLocked();
            if (!TryOpen())
            {
                return;
            }
        }

        if (_pending.WrittenCount == 0)
        {
            return;
        }

        try
        {
            if (_options.RotateBytes > 0 && _length > 0 && _length + _pending.WrittenCount > _options.RotateBytes)
            {
                Rotate();
            }

            // One write of whole lines: the unbuffered stream passes it to the kernel as it is.
            _stream!.Write(_pending.WrittenSpan);
            _length += _pending.WrittenCount;
            Interlocked.Add(ref _written, _pendingLines);
            _pending.ResetWrittenCount();
            _pendingLines = 0;
            if (_failing)
            {
                Volatile.Write(ref _failing, false);
                _retryDelay = _options.RetryMinDelay;
                PipelineLog.JsonLinesRecovered(_logger, _options.Path, LinesLost);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk takes part of a write before it fails: cut the file back to its last whole line now (and,
            // should that fail too, when it is reopened).
            CutBackTo(_length);
            Interlocked.Add(ref _lost, _pendingLines);
            _pending.ResetWrittenCount();
            _pendingLines = 0;
            Fail(e);
        }
    }

    private bool TryOpen()
    {
        try
        {
            var append = _options.Append || _openedOnce;
            var stream = OpenPrivate(_options.Path, append ? FileMode.OpenOrCreate : FileMode.Create);
            try
            {
                if (stream.CanSeek)
                {
                    CutPartialLastLine(stream);
                    stream.Seek(0, SeekOrigin.End);
                    _length = stream.Length;
                }
                else
                {
                    _length = 0;
                }
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            _stream = stream;
            _openedOnce = true;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
            return false;
        }
    }

    /// <summary>A file that does not end with a newline lost its last line half-way (a full disk): cut it off.</summary>
    private void CutPartialLastLine(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return;
        }

        var buffer = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Position = start;
            var n = (int)(end - start);
            stream.ReadExactly(buffer, 0, n);
            var newline = Array.LastIndexOf(buffer, (byte)'\n', n - 1, n);
            if (newline >= 0)
            {
                var keep = start + newline + 1;
                if (keep < length)
                {
                    stream.SetLength(keep);
                    PipelineLog.JsonLinesCut(_logger, _options.Path, length - keep);
                }

                return;
            }

            end = start;
        }

        stream.SetLength(0);
        PipelineLog.JsonLinesCut(_logger, _options.Path, length);
    }

    private void CutBackTo(long length)
    {
        try
        {
            if (_stream is { CanSeek: true } stream && stream.Length > length)
            {
                stream.SetLength(length);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the reopen, which cuts a partial last line too.
        }
    }

    private void Rotate()
    {
        CloseLocked();
        var path = _options.Path;
        for (var k = _options.Keep - 1; k >= 1; k--)
        {
            var from = $"{path}.{k}";
            if (File.Exists(from))
            {
                File.Move(from, $"{path}.{k + 1}", overwrite: true);
            }
        }

        File.Move(path, path + ".1", overwrite: true);
        _stream = OpenPrivate(path, FileMode.Create);
        _length = 0;
    }

    /// <summary>
    /// Opens the file for writing; a file it creates is readable and writable by this account only (0600), since
    /// every line holds a person's emotional state.
    /// </summary>
    private static FileStream OpenPrivate(string path, FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    private void Fail(Exception e)
    {
        Interlocked.Increment(ref _failures);
        CloseLocked();
        _retryAt = _time.GetUtcNow() + _retryDelay;
        var wasFailing = _failing;
        Volatile.Write(ref _failing, true);
        if (_failureLog.TryEnter(out var suppressed) || !wasFailing)
        {
            PipelineLog.JsonLinesFailed(_logger, _options.Path, e.Message, (long)_retryDelay.TotalMilliseconds, LinesLost, suppressed);
        }

        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, _options.RetryMaxDelay.Ticks));
    }

    private void CloseLocked()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // Nothing is buffered in the stream; a failing close loses nothing more.
        }

        _stream = null;
    }
}
