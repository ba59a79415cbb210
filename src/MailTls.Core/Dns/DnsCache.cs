using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;

namespace MailTls.Dns;

/// <summary>
/// The run's DNS answers: concurrent questions for the same name and type share one request
/// (single flight), and answers, negative ones included, are kept for their TTL. Bounded, so a
/// run over 10,000 domains keeps memory flat; failures that may pass (timeouts, SERVFAIL) are
/// never kept beyond the request that met them.
/// </summary>
internal sealed class DnsCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private int _trimming;

    public DnsCache(int capacity) => _capacity = capacity;

    public int Count => _entries.Count;

    /// <summary>The answer for <paramref name="key"/>: kept, in flight, or fetched now by <paramref name="fetch"/>;
    /// <paramref name="shared"/> is true when it came from the cache or another caller's request.</summary>
    public Task<DnsAnswer> GetOrFetch(string key, Func<Task<DnsAnswer>> fetch, out bool shared)
    {
        var now = MonotonicClock.NowMs;
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (!existing.IsExpired(now))
                {
                    shared = true;
                    return existing.Answer;
                }

                RemoveIfSame(key, existing);
            }

            var source = new TaskCompletionSource<DnsAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            var entry = new Entry(source.Task);
            if (!_entries.TryAdd(key, entry))
            {
                continue;
            }

            shared = false;
            TrimIfFull(now);
            _ = CompleteAsync(key, entry, source, fetch);
            return source.Task;
        }
    }

    private async Task CompleteAsync(string key, Entry entry, TaskCompletionSource<DnsAnswer> source, Func<Task<DnsAnswer>> fetch)
    {
        try
        {
            var answer = await fetch().ConfigureAwait(false);
            if (answer.CacheFor is { } ttl)
            {
                entry.ExpiresAt = MonotonicClock.NowMs + (long)ttl.TotalMilliseconds;
            }
            else
            {
                RemoveIfSame(key, entry);
            }

            source.TrySetResult(answer);
        }
        catch (Exception ex)
        {
            RemoveIfSame(key, entry);
            if (ex is OperationCanceledException cancelled)
            {
                source.TrySetCanceled(cancelled.CancellationToken);
            }
            else
            {
                source.TrySetException(ex);
            }
        }
    }

    // Expired entries go first; if the run really holds that many live names, the oldest half of an
    // arbitrary sample goes too: a later question for them costs one more query, never a wrong answer.
    private void TrimIfFull(long now)
    {
        if (_entries.Count <= _capacity || Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var pair in _entries.Where(p => p.Value.IsExpired(now)).ToArray())
            {
                RemoveIfSame(pair.Key, pair.Value);
            }

            var excess = _entries.Count - (_capacity * 3 / 4);
            foreach (var pair in _entries.Where(p => p.Value.Answer.IsCompleted).Take(Math.Max(excess, 0)).ToArray())
            {
                RemoveIfSame(pair.Key, pair.Value);
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    // Removes the key only while it still holds this entry, so a newer request is never dropped.
    private void RemoveIfSame(string key, Entry entry) =>
        ((ICollection<KeyValuePair<string, Entry>>)_entries).Remove(new KeyValuePair<string, Entry>(key, entry));

    private sealed class Entry
    {
        public Entry(Task<DnsAnswer> answer) => Answer = answer;

        public Task<DnsAnswer> Answer { get; }

        /// <summary>Milliseconds on the tick clock; long.MaxValue while the request is in flight.</summary>
        public long ExpiresAt { get; set; } = long.MaxValue;

        public bool IsExpired(long now) => now >= ExpiresAt;
    }
}
