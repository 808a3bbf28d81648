using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace FerEdge.Pipeline.Reactive;

/// <summary>
/// "Observe latest": hands items to <see cref="IScheduler"/> one at a time, keeping at most <c>capacity</c> waiting
/// (one by default). An item that arrives when that many wait pushes out the oldest; the pushed-out item is passed
/// to <c>onDropped</c> (so a pooled buffer can be returned) and counted. Unlike <c>ObserveOn</c>, nothing queues
/// without bound.
/// </summary>
public static class ObservableLatestExtensions
{
    /// <summary>Observes <paramref name="source"/> on <paramref name="scheduler"/>, dropping all but the newest waiting item.</summary>
    /// <param name="source">The upstream items.</param>
    /// <param name="scheduler">Where downstream observers run; one item at a time.</param>
    /// <param name="drops">Counts every dropped item.</param>
    /// <param name="onDropped">Called (on the producer's thread) with each dropped item, exactly once per item.</param>
    /// <param name="capacity">Items that may wait; a producer that never has more than this many in flight loses none.</param>
    public static IObservable<T> ObserveLatestOn<T>(this IObservable<T> source, IScheduler scheduler, DropCounter drops, Action<T>? onDropped = null, int capacity = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(drops);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return Observable.Create<T>(observer =>
        {
            var gate = new object();
            var pending = new Queue<T>(capacity);
            var draining = false;
            var completed = false;
            Exception? error = null;
            var disposed = false;
            var scheduled = new SerialDisposable();

            void Drain()
            {
                while (true)
                {
                    T item;
                    lock (gate)
                    {
                        if (disposed)
                        {
                            draining = false;
                            return;
                        }

                        if (pending.Count == 0)
                        {
                            draining = false;
                            if (error is not null)
                            {
                                observer.OnError(error);
                            }
                            else if (completed)
                            {
                                observer.OnCompleted();
                            }

                            return;
                        }

                        item = pending.Dequeue();
                    }

                    observer.OnNext(item);
                }
            }

            void ScheduleDrain()
            {
                // Called under the gate.
                if (!draining && !disposed)
                {
                    draining = true;
                    scheduled.Disposable = scheduler.Schedule(Drain);
                }
            }

            var subscription = source.Subscribe(
                item =>
                {
                    var hadPending = false;
                    T replaced = default!;
                    lock (gate)
                    {
                        if (pending.Count == capacity)
                        {
                            hadPending = true;
                            replaced = pending.Dequeue();
                        }

                        pending.Enqueue(item);
                        ScheduleDrain();
                    }

                    if (hadPending)
                    {
                        drops.Increment();
                        onDropped?.Invoke(replaced);
                    }
                },
                ex =>
                {
                    lock (gate)
                    {
                        error = ex;
                        ScheduleDrain();
                    }
                },
                () =>
                {
                    lock (gate)
                    {
                        completed = true;
                        ScheduleDrain();
                    }
                });

            return Disposable.Create(() =>
            {
                subscription.Dispose();
                T[] left;
                lock (gate)
                {
                    disposed = true;
                    left = pending.ToArray();
                    pending.Clear();
                }

                scheduled.Dispose();
                foreach (var item in left)
                {
                    // Not delivered and not a drop under load: hand it back so its buffer is not lost.
                    onDropped?.Invoke(item);
                }
            });
        });
    }
}
