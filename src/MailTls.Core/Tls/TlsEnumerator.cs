using System;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Diagnostics;

namespace MailTls.Tls;

/// <summary>
/// Finds out which TLS versions, cipher suites and key-exchange groups a server accepts, with
/// BouncyCastle's TLS client: it offers exactly what each probe asks for, whatever the local
/// OpenSSL or SChannel would allow. One instance serves a whole run (it owns the probe threads);
/// every connection goes through the run's <see cref="IConnectionGate"/>.
/// </summary>
public sealed class TlsEnumerator : IDisposable
{
    private readonly TlsEnumerationOptions _options;
    private readonly IConnectionGate _gate;
    private readonly Lazy<ProbeWorkers> _workers;

    /// <param name="options">Time limits and concurrency.</param>
    /// <param name="gate">Admits each connection (per destination address limits); <see cref="ConnectionGate.Unlimited"/> admits all.</param>
    public TlsEnumerator(TlsEnumerationOptions options, IConnectionGate gate)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _workers = new Lazy<ProbeWorkers>(() => new ProbeWorkers(options.ProbeThreads), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TlsEnumerationOptions Options => _options;

    /// <summary>The quick scan: one probe per version (SSL 3.0 to TLS 1.3), five connections in all, retries for rate limits aside.</summary>
    public Task<TlsProtocolScan> ScanVersionsAsync(TlsEndpoint endpoint, OperationLog? log, CancellationToken cancellationToken) =>
        Plan(endpoint, log, cancellationToken).ScanAsync();

    /// <summary>The full enumeration: versions, every accepted suite per version and its order, TLS 1.3 groups, older curves, DH primes, certificates.</summary>
    public Task<TlsEnumeration> EnumerateAsync(TlsEndpoint endpoint, OperationLog? log, CancellationToken cancellationToken) =>
        Plan(endpoint, log, cancellationToken).EnumerateAsync();

    /// <summary>Ends the probe threads once queued probes are done.</summary>
    public void Dispose()
    {
        if (_workers.IsValueCreated)
        {
            _workers.Value.Dispose();
        }
    }

    private EndpointEnumeration Plan(TlsEndpoint endpoint, OperationLog? log, CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        var session = new EndpointSession(endpoint, _options, _gate, _workers.Value, log ?? OperationLog.None, cancellationToken);
        return new EndpointEnumeration(session, TlsClassification.Default, _options.ConnectionsPerEndpoint);
    }
}
