using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;

namespace MailTls.Bulk;

/// <summary>
/// A run's shared results (DNS answers, probes, policies): concurrent requests for the same key
/// share one piece of work (single flight), and a finished result is kept for as long as
/// <c>keepFor</c> says — never when the work failed, so a fault is not replayed to later callers.
/// Bounded, so a run over 10,000 domains keeps memory flat: when full, expired entries go first,
/// then an arbitrary quarter; a later request for those simply does the work again.
/// </summary>
internal sealed class SharedCache<T>
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly Func<T, TimeSpan?> _keepFor;
    private int _trimming;

    /// <param name="capacity">Entries kept at most.</param>
    /// <param name="keepFor">How long a result may be reused; null: only by requests already waiting for it.</param>
    public SharedCache(int capacity, Func<T, TimeSpan?> keepFor)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "The cache must hold at least one entry.");
        }

        _capacity = capacity;
        _keepFor = keepFor ?? throw new ArgumentNullException(nameof(keepFor));
    }

    public int Count => _entries.Count;

    /// <summary>The result for <paramref name="key"/>: kept, in flight, or produced now by <paramref name="work"/>.</summary>
    public Task<T> GetOrAdd(string key, Func<Task<T>> work) => GetOrAdd(key, work, out _);

    /// <summary>As <see cref="GetOrAdd(string, Func{Task{T}})"/>; <paramref name="shared"/> is true when another request did the work.</summary>
    public Task<T> GetOrAdd(string key, Func<Task<T>> work, out bool shared)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        var now = MonotonicClock.NowMs;
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (!existing.IsExpired(now))
                {
                    shared = true;
                    return existing.Result;
                }

                RemoveIfSame(key, existing);
            }

            var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var entry = new Entry(source.Task);
            if (!_entries.TryAdd(key, entry))
            {
                continue;
            }

            shared = false;
            TrimIfFull(now);
            _ = CompleteAsync(key, entry, source, work);
            return source.Task;
        }
    }

    private async Task CompleteAsync(string key, Entry entry, TaskCompletionSource<T> source, Func<Task<T>> work)
    {
        try
        {
            var result = await work().ConfigureAwait(false);
            if (_keepFor(result) is { } keep && keep > TimeSpan.Zero)
            {
                entry.ExpiresAt = keep >= TimeSpan.FromDays(1) ? long.MaxValue - 1 : MonotonicClock.NowMs + (long)keep.TotalMilliseconds;
            }
            else
            {
                RemoveIfSame(key, entry);
            }

            source.TrySetResult(result);
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
            foreach (var pair in _entries.Where(p => p.Value.Result.IsCompleted).Take(Math.Max(excess, 0)).ToArray())
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
        public Entry(Task<T> result) => Result = result;

        public Task<T> Result { get; }

        /// <summary>Milliseconds on the monotonic clock; long.MaxValue while the work is in flight.</summary>
        public long ExpiresAt { get; set; } = long.MaxValue;

        public bool IsExpired(long now) => now >= ExpiresAt;
    }
}
