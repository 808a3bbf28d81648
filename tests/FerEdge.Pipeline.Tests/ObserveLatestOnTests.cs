using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using FerEdge.Pipeline.Reactive;

namespace FerEdge.Pipeline.Tests;

public sealed class ObserveLatestOnTests
{
    [Fact]
    public void ObserveLatestOn_ItemsFasterThanConsumer_KeepsNewestAndCountsDrops()
    {
        // Virtual time: the consumer takes 30 ticks per item, items come every 10 ticks.
        var scheduler = new HistoricalScheduler();
        var drops = new DropCounter();
        var dropped = new List<int>();
        var seen = new List<int>();
        var source = Observable.Interval(TimeSpan.FromTicks(10), scheduler).Select(i => (int)i).Take(10);
        var consumer = new HistoricalScheduler();
        using var sub = source
            .ObserveLatestOn(consumer, drops, dropped.Add)
            .Subscribe(seen.Add);

        // Interleave the two clocks: each consumer turn runs one item, then the producer advances 30 ticks.
        for (var t = 0; t < 20; t++)
        {
            consumer.AdvanceBy(TimeSpan.FromTicks(1));
            scheduler.AdvanceBy(TimeSpan.FromTicks(30));
        }

        consumer.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal(9, seen[^1]);
        Assert.Equal(drops.Count, dropped.Count);
        Assert.True(drops.Count > 0);
        // Every item is either seen or dropped, exactly once.
        Assert.Equal(Enumerable.Range(0, 10), seen.Concat(dropped).Order());
    }

    [Fact]
    public void ObserveLatestOn_SlowConsumerOnThreads_NoItemLostOrDuplicated()
    {
        using var subject = new Subject<int>();
        var drops = new DropCounter();
        var dropped = new List<int>();
        var seen = new List<int>();
        using var done = new ManualResetEventSlim();
        using var scheduler = new EventLoopScheduler();
        using var sub = subject
            .ObserveLatestOn(scheduler, drops, i => { lock (dropped) { dropped.Add(i); } })
            .Subscribe(i => { seen.Add(i); Thread.SpinWait(20_000); }, _ => done.Set(), done.Set);
        for (var i = 0; i < 2000; i++)
        {
            subject.OnNext(i);
        }

        subject.OnCompleted();
        Assert.True(done.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(1999, seen[^1]);
        Assert.Equal(drops.Count, dropped.Count);
        Assert.Equal(Enumerable.Range(0, 2000), seen.Concat(dropped).Order());
    }

    [Fact]
    public void ObserveLatestOn_Error_IsDeliveredAfterPendingItem()
    {
        var scheduler = new HistoricalScheduler();
        using var subject = new Subject<int>();
        var seen = new List<int>();
        Exception? error = null;
        using var sub = subject.ObserveLatestOn(scheduler, new DropCounter()).Subscribe(seen.Add, e => error = e);
        subject.OnNext(1);
        subject.OnError(new InvalidOperationException("boom"));
        scheduler.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal([1], seen);
        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public void ObserveLatestOn_DisposedWithPendingItem_HandsItBack()
    {
        var scheduler = new HistoricalScheduler();
        using var subject = new Subject<int>();
        var returned = new List<int>();
        var drops = new DropCounter();
        var sub = subject.ObserveLatestOn(scheduler, drops, returned.Add).Subscribe(_ => { });
        subject.OnNext(7);
        sub.Dispose();
        scheduler.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal([7], returned);
        Assert.Equal(0, drops.Count);
    }
}
