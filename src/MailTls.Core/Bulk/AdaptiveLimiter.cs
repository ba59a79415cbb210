using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;

namespace MailTls.Bulk;

/// <summary>
/// At most <see cref="Limit"/> holders at once, where the limit halves when the other side says it
/// is busy and creeps back up (one more per quiet interval) while it stays quiet: the way a polite
/// client treats a mail server that answers 421 to bursts (additive increase, multiplicative decrease).
/// </summary>
internal sealed class AdaptiveLimiter
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource<bool>> _waiting = new();
    private readonly int _ceiling;
    private readonly long _quietMs;
    private int _limit;
    private int _inUse;
    private long _lastBusy = long.MinValue / 2;

    public AdaptiveLimiter(int ceiling, TimeSpan quietInterval)
    {
        if (ceiling < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ceiling), "At least one holder must be allowed.");
        }

        _ceiling = ceiling;
        _limit = ceiling;
        _quietMs = (long)quietInterval.TotalMilliseconds;
    }

    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>Nobody holds or waits, and the limit is back at its ceiling: the limiter can be forgotten.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _inUse == 0 && _waiting.Count == 0 && _limit == _ceiling;
            }
        }
    }

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> turn;
        lock (_lock)
        {
            if (_inUse < _limit && _waiting.Count == 0)
            {
                _inUse++;
                return;
            }

            turn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
        }

        using (cancellationToken.Register(() => turn.TrySetCanceled()))
        {
            try
            {
                await turn.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_lock)
                {
                    // Granted in the same instant it was cancelled: hand the slot on.
                    if (turn.Task.Status == TaskStatus.RanToCompletion)
                    {
                        ReleaseLocked();
                    }
                }

                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            ReleaseLocked();
        }
    }

    /// <summary>The other side is overloaded or limiting us: halve the limit (never below one).</summary>
    public void ReportBusy()
    {
        lock (_lock)
        {
            _limit = Math.Max(1, _limit / 2);
            _lastBusy = MonotonicClock.NowMs;
        }
    }

    private void ReleaseLocked()
    {
        _inUse--;
        var now = MonotonicClock.NowMs;
        if (_limit < _ceiling && now - _lastBusy >= _quietMs)
        {
            _limit++;
            _lastBusy = now;
        }

        while (_inUse < _limit && _waiting.Count > 0)
        {
            if (_waiting.Dequeue().TrySetResult(true))
            {
                _inUse++;
            }
        }
    }
}
