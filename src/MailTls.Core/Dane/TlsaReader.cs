using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Session;

namespace MailTls.Dane;

/// <summary>
/// Get-DaneTlsa's work: the TLSA records of each MX host of a domain (or of named hosts), as rows,
/// with the lookups that failed and a sentence for every host where there was nothing to show.
/// </summary>
public sealed class TlsaReader
{
    private readonly RunSession _session;

    public TlsaReader(RunSession session) => _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<TlsaReading> ReadDomainAsync(string domain, int port, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await _session.MailExchangers.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return TlsaReading.Failed(lookup.Failure);
        }

        if (lookup.Exchangers.All(e => e.IsNullMx))
        {
            return TlsaReading.Nothing($"{lookup.Domain} publishes a null MX (RFC 7505): it accepts no mail, so there are no mail servers whose TLSA records to read.");
        }

        var hosts = lookup.Exchangers.Where(e => !e.IsNullMx).Select(e => e.Exchange).Distinct().ToArray();
        var readings = await Task.WhenAll(hosts.Select(h => ReadHostAsync(h, port, lookup.Domain, log, cancellationToken))).ConfigureAwait(false);
        return TlsaReading.Combine(readings);
    }

    /// <param name="host">The mail server's host name.</param>
    /// <param name="port">The service's TCP port: the records live at _port._tcp.host.</param>
    /// <param name="domain">The mail domain the host serves; empty when the host was named directly.</param>
    /// <param name="log">Receives the queries.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<TlsaReading> ReadHostAsync(string host, int port, string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var tlsa = await _session.LookupTlsaAsync(_session.Dns, host, port, log, cancellationToken).ConfigureAwait(false);
        if (tlsa.Failure is not null)
        {
            return TlsaReading.Failed(tlsa.Failure);
        }

        return tlsa.Records.Count == 0
            ? TlsaReading.Nothing($"{tlsa.Owner} has no TLSA records: DANE does not apply to {host}, and DANE senders use opportunistic TLS with it.")
            : new TlsaReading(DaneRecords.Rows(tlsa, domain), Array.Empty<DnsFailure>(), Array.Empty<string>());
    }
}

/// <summary>TLSA rows, the lookups that failed, and sentences for hosts where there was nothing to read.</summary>
public sealed class TlsaReading
{
    internal TlsaReading(IReadOnlyList<TlsaRecord> records, IReadOnlyList<DnsFailure> failures, IReadOnlyList<string> notes)
    {
        Records = records;
        Failures = failures;
        Notes = notes;
    }

    public IReadOnlyList<TlsaRecord> Records { get; }

    public IReadOnlyList<DnsFailure> Failures { get; }

    /// <summary>Why a host or domain has no rows (no TLSA records, a null MX): never silence.</summary>
    public IReadOnlyList<string> Notes { get; }

    internal static TlsaReading Failed(DnsFailure failure) => new(Array.Empty<TlsaRecord>(), new[] { failure }, Array.Empty<string>());

    internal static TlsaReading Nothing(string note) => new(Array.Empty<TlsaRecord>(), Array.Empty<DnsFailure>(), new[] { note });

    internal static TlsaReading Combine(IEnumerable<TlsaReading> readings)
    {
        var all = readings.ToArray();
        return new TlsaReading(all.SelectMany(r => r.Records).ToArray(), all.SelectMany(r => r.Failures).ToArray(), all.SelectMany(r => r.Notes).ToArray());
    }
}
