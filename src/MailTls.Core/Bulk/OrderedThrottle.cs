using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>
/// Runs work items with at most <see cref="Limit"/> at once and hands their results back in the
/// order the items were added, so a report of 10,000 domains keeps its input order while many
/// lookups are in flight. Add and Take belong to one consumer thread (a cmdlet's pipeline thread).
/// The semaphore is never disposed: items cancelled mid-flight still release their slot later.
/// </summary>
public sealed class OrderedThrottle<T>
{
    private readonly SemaphoreSlim _slots;
    private readonly Queue<Task<T>> _pending = new();
    private readonly CancellationToken _cancellationToken;

    public OrderedThrottle(int limit, CancellationToken cancellationToken)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "The throttle limit must be at least 1.");
        }

        Limit = limit;
        _slots = new SemaphoreSlim(limit, limit);
        _cancellationToken = cancellationToken;
    }

    public int Limit { get; }

    /// <summary>Items added and not yet taken.</summary>
    public int Count => _pending.Count;

    /// <summary>Starts <paramref name="work"/> as soon as a slot is free; never runs it on the caller's thread.</summary>
    public void Add(Func<CancellationToken, Task<T>> work)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        _pending.Enqueue(RunAsync(work));
    }

    /// <summary>Takes the oldest item's result if it has finished; later items wait for earlier ones.</summary>
    public bool TryTakeCompleted(out T result)
    {
        if (_pending.Count > 0 && _pending.Peek().IsCompleted)
        {
            result = _pending.Dequeue().GetAwaiter().GetResult();
            return true;
        }

        result = default!;
        return false;
    }

    /// <summary>Waits for the oldest item and takes its result.</summary>
    /// <exception cref="OperationCanceledException">The token given at construction was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Nothing is pending.</exception>
    public T TakeNext()
    {
        if (_pending.Count == 0)
        {
            throw new InvalidOperationException("No work is pending.");
        }

        var head = _pending.Peek();
        try
        {
            head.Wait(_cancellationToken);
        }
        catch (AggregateException)
        {
            // The item's own exception is rethrown unwrapped below.
        }

        _pending.Dequeue();
        return head.GetAwaiter().GetResult();
    }

    private async Task<T> RunAsync(Func<CancellationToken, Task<T>> work)
    {
        await _slots.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => work(_cancellationToken), _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
