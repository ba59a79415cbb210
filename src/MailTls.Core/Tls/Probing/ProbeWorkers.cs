using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MailTls.Tls;

/// <summary>
/// Dedicated threads for BouncyCastle's blocking TLS client. Blocking calls on thread-pool threads
/// starve the pool (four parallel enumerations on pool threads took three times as long as on
/// dedicated ones), so probes never run there. Each thread owns its crypto provider and random
/// source; callers await a task.
/// </summary>
internal sealed class ProbeWorkers : IDisposable
{
    private readonly BlockingCollection<Action<TlsCrypto>> _queue = new();

    public ProbeWorkers(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"MailTls TLS probe {i + 1}" }.Start();
        }
    }

    public Task<T> RunAsync<T>(Func<TlsCrypto, T> work, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (cancellationToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(cancellationToken);
            return completion.Task;
        }

        void Probe(TlsCrypto crypto)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                completion.TrySetResult(work(crypto));
            }
            catch (OperationCanceledException)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        }

        try
        {
            _queue.Add(Probe, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Stopped (Ctrl+C ends the run and its threads): the probe is cancelled, not failed.
            completion.TrySetCanceled(cancellationToken);
        }

        return completion.Task;
    }

    /// <summary>Lets the threads finish what is queued and end.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Work()
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work(crypto);
        }
    }
}
