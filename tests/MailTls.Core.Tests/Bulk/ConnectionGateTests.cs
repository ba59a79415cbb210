using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using Xunit;

namespace MailTls.Tests.Bulk;

public class ConnectionGateTests
{
    private static readonly IPAddress Shared = IPAddress.Parse("192.0.2.25");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.26");

    [Fact]
    public async Task EnterAsync_PerAddressLimitReached_TheNextWaitsWhileOtherAddressesGoAhead()
    {
        var gate = new ConnectionGate(total: 10, perAddress: 2);
        var first = await gate.EnterAsync(Shared, CancellationToken.None);
        var second = await gate.EnterAsync(Shared, CancellationToken.None);

        var third = gate.EnterAsync(Shared, CancellationToken.None);
        var elsewhere = gate.EnterAsync(Other, CancellationToken.None);

        Assert.True(elsewhere.IsCompleted);
        Assert.False(third.IsCompleted);
        first.Dispose();
        (await third).Dispose();
        second.Dispose();
        (await elsewhere).Dispose();
    }

    [Fact]
    public async Task EnterAsync_TotalLimitReached_WaitsWhateverTheAddress()
    {
        var gate = new ConnectionGate(total: 1, perAddress: 4);
        var held = await gate.EnterAsync(Shared, CancellationToken.None);

        var next = gate.EnterAsync(Other, CancellationToken.None);

        Assert.False(next.IsCompleted);
        held.Dispose();
        (await next).Dispose();
    }

    [Fact]
    public async Task ReportBusy_HalvesTheLimitDownToOne()
    {
        var gate = new ConnectionGate(total: 100, perAddress: 16);

        gate.ReportBusy(Shared);
        Assert.Equal(8, gate.LimitFor(Shared));
        gate.ReportBusy(Shared);
        gate.ReportBusy(Shared);
        gate.ReportBusy(Shared);
        gate.ReportBusy(Shared);
        Assert.Equal(1, gate.LimitFor(Shared));
        Assert.Equal(16, gate.LimitFor(Other));

        var only = await gate.EnterAsync(Shared, CancellationToken.None);
        var waiting = gate.EnterAsync(Shared, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        only.Dispose();
        (await waiting).Dispose();
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_GivesUpItsTurnAndTheNextOneGetsIt()
    {
        var gate = new ConnectionGate(total: 10, perAddress: 1);
        var held = await gate.EnterAsync(Shared, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var cancelled = gate.EnterAsync(Shared, cancel.Token);
        var after = gate.EnterAsync(Shared, CancellationToken.None);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();
        (await after).Dispose();
    }

    [Fact]
    public async Task EnterAsync_ManyConcurrentHolders_NeverExceedThePerAddressLimit()
    {
        var gate = new ConnectionGate(total: 64, perAddress: 3);
        var inside = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using (await gate.EnterAsync(Shared, CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        }));

        Assert.InRange(most, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
