namespace FerEdge.Pipeline.Reactive;

/// <summary>A thread-safe count of items a stage dropped because it was still busy with an older one.</summary>
public sealed class DropCounter
{
    private long _count;

    /// <summary>Items dropped so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Counts one drop.</summary>
    public void Increment() => Interlocked.Increment(ref _count);
}
