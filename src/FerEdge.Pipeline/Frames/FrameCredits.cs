namespace FerEdge.Pipeline.Frames;

/// <summary>
/// Frames allowed in flight between capture and the end of publishing. Capture takes a credit before it reads and
/// every frame's end (published, dropped, unreadable) gives one back; a reader that found none is woken by the next
/// return instead of blocking a thread. Unlimited credits never wake anyone.
/// </summary>
/// <remarks>Thread-safe: taken on the capture scheduler, given back from any stage.</remarks>
internal sealed class FrameCredits
{
    private readonly object _gate = new();
    private readonly bool _limited;
    private int _available;
    private Action? _waiting;

    /// <summary>Creates <paramref name="count"/> credits, or unlimited ones when null.</summary>
    public FrameCredits(int? count)
    {
        _limited = count is not null;
        _available = count ?? 0;
    }

    /// <summary>
    /// Takes a credit, or returns false and calls <paramref name="resume"/> once when the next credit comes back.
    /// </summary>
    public bool TryTake(Action resume)
    {
        if (!_limited)
        {
            return true;
        }

        lock (_gate)
        {
            if (_available > 0)
            {
                _available--;
                return true;
            }

            _waiting = resume;
            return false;
        }
    }

    /// <summary>Gives one credit back, waking a waiting reader.</summary>
    public void Release()
    {
        if (!_limited)
        {
            return;
        }

        Action? resume;
        lock (_gate)
        {
            _available++;
            resume = _waiting;
            _waiting = null;
        }

        resume?.Invoke();
    }
}
