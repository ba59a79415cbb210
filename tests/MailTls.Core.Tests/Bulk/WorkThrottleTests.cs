using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using Xunit;

namespace MailTls.Tests.Bulk;

public class WorkThrottleTests
{
    [Fact]
    public void TakeNext_ItemsFinishingOutOfOrder_ComeBackInAddOrder()
    {
        var throttle = new WorkThrottle<int>(8, CancellationToken.None);
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var item = i;
            var delay = random.Next(0, 15);
            throttle.Add(async ct =>
            {
                await Task.Delay(delay, ct);
                return item;
            });
        }

        var results = new List<int>();
        while (throttle.Count > 0)
        {
            results.Add(throttle.TakeNext());
        }

        Assert.Equal(Enumerable.Range(0, 100), results);
    }

    [Fact]
    public void Add_ManyItems_NeverRunsMoreThanTheLimitAtOnce()
    {
        const int limit = 3;
        var running = 0;
        var peak = 0;
        var throttle = new WorkThrottle<int>(limit, CancellationToken.None);
        for (var i = 0; i < 30; i++)
        {
            throttle.Add(async _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(5);
                Interlocked.Decrement(ref running);
                return 0;
            });
        }

        while (throttle.Count > 0)
        {
            throttle.TakeNext();
        }

        Assert.Equal(limit, peak);
    }

    [Fact]
    public void TryTakeCompleted_HeadStillRunning_ReturnsFalseEvenIfLaterItemsAreDone()
    {
        var gate = new TaskCompletionSource<int>();
        var throttle = new WorkThrottle<int>(4, CancellationToken.None);
        throttle.Add(_ => gate.Task);
        throttle.Add(_ => Task.FromResult(2));
        Thread.Sleep(50);

        Assert.False(throttle.TryTakeCompleted(out _));
        gate.SetResult(1);
        Assert.Equal(1, throttle.TakeNext());
        Assert.Equal(2, throttle.TakeNext());
    }

    [Fact]
    public void TakeNext_TokenCancelled_ThrowsOperationCanceledWithoutWaitingForTheItem()
    {
        using var cts = new CancellationTokenSource();
        var throttle = new WorkThrottle<int>(1, cts.Token);
        throttle.Add(_ => new TaskCompletionSource<int>().Task); // never finishes
        cts.CancelAfter(50);

        Assert.ThrowsAny<OperationCanceledException>(() => throttle.TakeNext());
    }

    [Fact]
    public void TakeNext_ItemThrows_RethrowsItsOwnException()
    {
        var throttle = new WorkThrottle<int>(2, CancellationToken.None);
        throttle.Add(_ => throw new InvalidOperationException("boom"));

        var ex = Assert.Throws<InvalidOperationException>(() => throttle.TakeNext());
        Assert.Equal("boom", ex.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task TakeNext_AnyOrder_GivesTheFirstToFinishWhileAnEarlierOneIsStillRunning()
    {
        var slow = new TaskCompletionSource<int>();
        var throttle = new WorkThrottle<int>(4, CancellationToken.None, keepInputOrder: false);
        throttle.Add(_ => slow.Task);
        throttle.Add(_ => Task.FromResult(2));

        Assert.Equal(2, throttle.TakeNext());
        Assert.False(throttle.TryTakeCompleted(out _));
        slow.SetResult(1);
        await Task.Yield();
        Assert.Equal(1, throttle.TakeNext());
    }

    [Fact]
    public void TakeNext_InputOrder_WaitsForTheEarlierOne()
    {
        var slow = new TaskCompletionSource<int>();
        var throttle = new WorkThrottle<int>(4, CancellationToken.None);
        throttle.Add(_ => slow.Task);
        throttle.Add(_ => Task.FromResult(2));

        Assert.False(throttle.TryTakeCompleted(out _));
        slow.SetResult(1);
        Assert.Equal(1, throttle.TakeNext());
        Assert.Equal(2, throttle.TakeNext());
    }
}
