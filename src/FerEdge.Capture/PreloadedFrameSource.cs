using FerEdge.Core.Frames;

namespace FerEdge.Capture;

/// <summary>
/// Frames decoded once into memory and replayed: profiling with video decoding left out. Each read copies the
/// stored pixels into the caller's frame (a memory copy, counted as the capture stage).
/// </summary>
/// <remarks>
/// Not thread-safe: one reader, like every <see cref="IFrameSource"/>. Holds every frame's pixels; disposing releases
/// nothing native, so a rewound source may be replayed after a pass has disposed it.
/// </remarks>
public sealed class PreloadedFrameSource : IFrameSource
{
    private readonly VideoFrame[] _frames;
    private int _next;

    private PreloadedFrameSource(VideoFrame[] frames, string description, double fps)
    {
        _frames = frames;
        Description = description;
        FramesPerSecond = fps;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public double FramesPerSecond { get; }

    /// <inheritdoc />
    public bool IsLive => false;

    /// <summary>Frames held.</summary>
    public int Count => _frames.Length;

    /// <summary>
    /// Reads up to <paramref name="maxFrames"/> frames (0: all) from <paramref name="source"/>, which the caller
    /// still owns. Throws <see cref="FrameSourceException"/> when the source yields no frame.
    /// </summary>
    public static PreloadedFrameSource Load(IFrameSource source, int maxFrames)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrames);
        var frames = new List<VideoFrame>();
        while (maxFrames == 0 || frames.Count < maxFrames)
        {
            var frame = new VideoFrame();
            if (!source.TryRead(frame))
            {
                break;
            }

            frames.Add(frame);
        }

        if (frames.Count == 0)
        {
            throw new FrameSourceException($"{source.Description} has no frame to preload");
        }

        return new PreloadedFrameSource([.. frames], "preloaded:" + source.Description, source.FramesPerSecond);
    }

    /// <summary>Starts the replay again from the first frame.</summary>
    public void Rewind() => _next = 0;

    /// <inheritdoc />
    public bool TryRead(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_next >= _frames.Length)
        {
            return false;
        }

        var stored = _frames[_next++];
        frame.EnsureSize(stored.Width, stored.Height);
        stored.Color!.Pixels.CopyTo(frame.Color!.Pixels);
        stored.Gray!.Pixels.CopyTo(frame.Gray!.Pixels);
        frame.Index = stored.Index;
        frame.Time = stored.Time;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
