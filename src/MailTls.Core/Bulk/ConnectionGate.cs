using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>
/// The run's connection limits: so many sockets open in total, and towards any one address no more
/// than its adaptive limit, which starts high enough that a run over many MX names on a few shared
/// addresses stays latency-bound, halves for an address that reports itself busy, and recovers.
/// </summary>
public sealed class ConnectionGate : IConnectionGate
{
    public const int DefaultPerAddress = 16;
    private const int ForgetAbove = 4096;
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _total;
    private readonly int _perAddress;
    private readonly ConcurrentDictionary<IPAddress, AdaptiveLimiter> _addresses = new();

    /// <param name="total">Connections open at once in the whole run.</param>
    /// <param name="perAddress">Connections open at once to one address, before any sign of overload.</param>
    public ConnectionGate(int total, int perAddress = DefaultPerAddress)
    {
        if (total < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(total), "At least one connection must be allowed.");
        }

        if (perAddress < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(perAddress), "At least one connection per address must be allowed.");
        }

        _total = new SemaphoreSlim(total, total);
        _perAddress = perAddress;
    }

    /// <summary>No limit at all, for single probes outside a run.</summary>
    public static IConnectionGate Unlimited { get; } = new UnlimitedGate();

    /// <summary>The current limit towards <paramref name="address"/> (the starting one when nothing was learnt).</summary>
    public int LimitFor(IPAddress address) => _addresses.TryGetValue(address, out var limiter) ? limiter.Limit : _perAddress;

    public async Task<IDisposable> EnterAsync(IPAddress address, CancellationToken cancellationToken)
    {
        // Per address first: waiting for a busy server must not hold one of the run's slots.
        var limiter = _addresses.GetOrAdd(address, _ => new AdaptiveLimiter(_perAddress, QuietInterval));
        await limiter.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _total.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            limiter.Release();
            throw;
        }

        return new Slot(this, limiter);
    }

    public void ReportBusy(IPAddress address) =>
        _addresses.GetOrAdd(address, _ => new AdaptiveLimiter(_perAddress, QuietInterval)).ReportBusy();

    private void Leave(AdaptiveLimiter limiter)
    {
        _total.Release();
        limiter.Release();
        if (_addresses.Count > ForgetAbove && limiter.IsIdle)
        {
            // Forget addresses nobody uses, so 10,000 domains do not keep 10,000 limiters.
            foreach (var idle in _addresses.Where(p => p.Value.IsIdle).ToArray())
            {
                ((ICollection<KeyValuePair<IPAddress, AdaptiveLimiter>>)_addresses).Remove(idle);
            }
        }
    }

    private sealed class Slot : IDisposable
    {
        private readonly ConnectionGate _gate;
        private readonly AdaptiveLimiter _limiter;
        private int _disposed;

        public Slot(ConnectionGate gate, AdaptiveLimiter limiter)
        {
            _gate = gate;
            _limiter = limiter;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _gate.Leave(_limiter);
            }
        }
    }

    private sealed class UnlimitedGate : IConnectionGate
    {
        public Task<IDisposable> EnterAsync(IPAddress address, CancellationToken cancellationToken) => Task.FromResult<IDisposable>(NoSlot.Instance);

        public void ReportBusy(IPAddress address)
        {
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
