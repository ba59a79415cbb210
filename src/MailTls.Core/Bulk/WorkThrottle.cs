using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>
/// Runs work items with at most <see cref="Limit"/> at once and hands their results back in the
/// order the items were added, so a report of 10,000 domains keeps its input order while many
/// lookups are in flight — or, when input order does not matter, as soon as each is done, so one
/// slow item does not hold the others back. Add and Take belong to one consumer thread (a cmdlet's
/// pipeline thread). The semaphore is never disposed: items cancelled mid-flight still release
/// their slot later.
/// </summary>
public sealed class WorkThrottle<T>
{
    private readonly SemaphoreSlim _slots;
    private readonly List<Task<T>> _pending = new();
    private readonly CancellationToken _cancellationToken;
    private readonly bool _keepInputOrder;

    public WorkThrottle(int limit, CancellationToken cancellationToken, bool keepInputOrder = true)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "The throttle limit must be at least 1.");
        }

        Limit = limit;
        _slots = new SemaphoreSlim(limit, limit);
        _cancellationToken = cancellationToken;
        _keepInputOrder = keepInputOrder;
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

        _pending.Add(RunAsync(work));
    }

    /// <summary>
    /// Takes a finished item's result: the oldest item's (later items wait for earlier ones), or in
    /// any order, any finished item's.
    /// </summary>
    public bool TryTakeCompleted(out T result)
    {
        var index = _keepInputOrder ? (_pending.Count > 0 && _pending[0].IsCompleted ? 0 : -1) : _pending.FindIndex(t => t.IsCompleted);
        if (index >= 0)
        {
            result = Take(index);
            return true;
        }

        result = default!;
        return false;
    }

    /// <summary>Waits for the oldest item (in any order: for the first to finish) and takes its result.</summary>
    /// <exception cref="OperationCanceledException">The token given at construction was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Nothing is pending.</exception>
    public T TakeNext()
    {
        if (_pending.Count == 0)
        {
            throw new InvalidOperationException("No work is pending.");
        }

        Block(_keepInputOrder ? _pending[0] : Task.WhenAny(_pending));
        return Take(_keepInputOrder ? 0 : _pending.FindIndex(t => t.IsCompleted));
    }

    // Task.Wait spins before it blocks: thousands of waits on the pipeline thread burn a core the probes need.
    private void Block(Task task)
    {
        if (!task.IsCompleted)
        {
            WaitHandle.WaitAny(new[] { ((IAsyncResult)task).AsyncWaitHandle, _cancellationToken.WaitHandle });
            if (!task.IsCompleted)
            {
                throw new OperationCanceledException(_cancellationToken);
            }
        }
    }

    private T Take(int index)
    {
        var done = _pending[index];
        _pending.RemoveAt(index);
        return done.GetAwaiter().GetResult();
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
