using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>A gate that admits every connection at once: for single probes and tests, where nothing else shares the limits.</summary>
public sealed class UnlimitedConnectionGate : IConnectionGate
{
    private int _busy;

    /// <summary>How many times servers said they were busy (421, 454, refused connections).</summary>
    public int BusyReports => Volatile.Read(ref _busy);

    public Task<IDisposable> EnterAsync(IPAddress address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IDisposable>(NoSlot.Instance);
    }

    public void ReportBusy(IPAddress address) => Interlocked.Increment(ref _busy);

    private sealed class NoSlot : IDisposable
    {
        public static NoSlot Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
