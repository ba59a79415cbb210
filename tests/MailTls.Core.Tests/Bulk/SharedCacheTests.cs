using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using Xunit;

namespace MailTls.Tests.Bulk;

public class SharedCacheTests
{
    [Fact]
    public async Task GetOrAdd_ConcurrentRequestsForOneKey_RunTheWorkOnce()
    {
        var cache = new SharedCache<int>(100, _ => TimeSpan.FromMinutes(1));
        var runs = 0;
        var gate = new TaskCompletionSource<bool>();

        var requests = Enumerable.Range(0, 20).Select(_ => cache.GetOrAdd("k", async () =>
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return 42;
        })).ToArray();
        gate.SetResult(true);

        Assert.All(await Task.WhenAll(requests), v => Assert.Equal(42, v));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task GetOrAdd_WorkThatFailed_IsNotReplayedToLaterRequests()
    {
        var cache = new SharedCache<int>(100, _ => TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrAdd("k", () => throw new InvalidOperationException("bug")));
        var second = await cache.GetOrAdd("k", () => Task.FromResult(7));

        Assert.Equal(7, second);
    }

    [Fact]
    public async Task GetOrAdd_ResultNotToBeKept_IsDoneAgainNextTime()
    {
        var cache = new SharedCache<int>(100, v => v < 0 ? null : TimeSpan.FromMinutes(1));
        var runs = 0;

        await cache.GetOrAdd("k", () => Task.FromResult(-1 - Interlocked.Increment(ref runs)));
        await cache.GetOrAdd("k", () => Task.FromResult(-1 - Interlocked.Increment(ref runs)));

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task GetOrAdd_MoreKeysThanCapacity_StaysBounded()
    {
        var cache = new SharedCache<int>(1000, _ => TimeSpan.FromMinutes(1));

        for (var i = 0; i < 10_000; i++)
        {
            await cache.GetOrAdd("k" + i, () => Task.FromResult(i));
        }

        Assert.InRange(cache.Count, 1, 1001);
    }
}
