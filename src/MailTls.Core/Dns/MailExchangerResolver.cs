using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using DnsClient.Protocol;
using MailTls.Diagnostics;

namespace MailTls.Dns;

/// <summary>
/// Finds a domain's mail exchangers the way a sending MTA does (RFC 5321 §5.1, RFC 7505):
/// MX records by preference, the domain's own addresses when it has no MX, and null MX.
/// </summary>
public sealed class MailExchangerResolver
{
    private readonly DnsResolver _dns;

    public MailExchangerResolver(DnsResolver dns)
    {
        _dns = dns ?? throw new ArgumentNullException(nameof(dns));
    }

    /// <summary>The resolver underneath, for the other lookups of the same run (TLSA, TXT).</summary>
    public DnsResolver Dns => _dns;

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<MailExchangerLookup> ResolveAsync(string domain, OperationLog? log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        log ??= OperationLog.None;

        var mx = await _dns.QueryAsync(name, QueryType.MX, log, cancellationToken).ConfigureAwait(false);
        if (mx.Failure is not null)
        {
            return MailExchangerLookup.Failed(name, mx.Failure);
        }

        var records = mx.Response!.Answers.MxRecords().ToArray();
        if (records.Length == 0)
        {
            log.Write($"{name} has no MX records; falling back to its own A/AAAA (RFC 5321 §5.1).");
            return await ResolveImplicitAsync(name, mx, log, cancellationToken).ConfigureAwait(false);
        }

        var dnssec = await _dns.DnssecStatusAsync(mx, cancellationToken).ConfigureAwait(false);
        return await ResolveExplicitAsync(name, records, dnssec, log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MailExchangerLookup> ResolveExplicitAsync(string domain, MxRecord[] records, DnssecStatus dnssec, OperationLog log, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var entries = records
            .Select(r => (Preference: (int)r.Preference, Exchange: HostName(r.Exchange.Value)))
            .Distinct()
            .OrderBy(e => e.Preference)
            .ThenBy(e => e.Exchange, StringComparer.Ordinal)
            .ToArray();

        // The name goes on the wire (SNI) and into TLSA queries: only a real host name may.
        foreach (var invalid in entries.Where(e => e.Exchange.Length > 0 && !DomainName.TryNormalize(e.Exchange, out _, out _)))
        {
            warnings.Add($"{domain} has an MX record naming '{invalid.Exchange}', which is not a valid host name; senders cannot deliver there. Fix the MX record.");
        }

        entries = entries.Where(e => e.Exchange.Length == 0 || DomainName.TryNormalize(e.Exchange, out _, out _)).ToArray();
        if (entries.Length == 0)
        {
            return new MailExchangerLookup(domain, Array.Empty<MailExchanger>(), new DnsFailure(
                DnsFailureKind.NoRecords, domain, "MX", _dns.ServerList,
                $"Every MX record of {domain} names something that is not a valid host name, so senders cannot deliver mail to it. {string.Join(" ", warnings)}"), warnings);
        }

        var hasNullMx = entries.Any(e => e.Exchange.Length == 0);
        if (hasNullMx && entries.Length > 1)
        {
            warnings.Add($"{domain} publishes a null MX (\"0 .\") beside other MX records; RFC 7505 §3 says a null MX must be the only one, and senders may treat the domain as accepting no mail.");
        }

        var hosts = entries.Where(e => e.Exchange.Length > 0).Select(e => e.Exchange).Distinct().ToArray();
        var lookups = hosts.ToDictionary(h => h, h => ResolveAddressesAsync(h, log, cancellationToken), StringComparer.Ordinal);
        await Task.WhenAll(lookups.Values).ConfigureAwait(false);

        var exchangers = new List<MailExchanger>();
        foreach (var entry in entries)
        {
            if (entry.Exchange.Length == 0)
            {
                exchangers.Add(new MailExchanger(domain, ".", entry.Preference, AddressList.None, isImplicit: false, isNullMx: true, dnssec, _dns.ServerList));
                continue;
            }

            var addresses = await lookups[entry.Exchange].ConfigureAwait(false);
            if (addresses.Problem is not null && !warnings.Contains(addresses.Problem))
            {
                warnings.Add(addresses.Problem);
            }

            exchangers.Add(new MailExchanger(domain, entry.Exchange, entry.Preference, addresses.List, isImplicit: false, isNullMx: false, dnssec, _dns.ServerList));
        }

        return new MailExchangerLookup(domain, exchangers, failure: null, warnings);
    }

    private async Task<MailExchangerLookup> ResolveImplicitAsync(string domain, DnsAnswer mx, OperationLog log, CancellationToken cancellationToken)
    {
        var a = _dns.QueryAsync(domain, QueryType.A, log, cancellationToken);
        var aaaa = _dns.QueryAsync(domain, QueryType.AAAA, log, cancellationToken);
        await Task.WhenAll(a, aaaa).ConfigureAwait(false);

        // A failed address lookup leaves the mail route unknown; report it rather than "no mail".
        var failure = (await a.ConfigureAwait(false)).Failure ?? (await aaaa.ConfigureAwait(false)).Failure;
        if (failure is not null)
        {
            return MailExchangerLookup.Failed(domain, failure);
        }

        var addresses = Collect(a.Result, aaaa.Result);
        if (addresses.Count == 0)
        {
            return MailExchangerLookup.Failed(domain, new DnsFailure(
                DnsFailureKind.NoRecords, domain, "MX", _dns.ServerList,
                $"{domain} exists but has no MX record and no A/AAAA record, so senders cannot deliver mail to it. Publish an MX record (or \"MX 0 .\" if it should receive no mail)."));
        }

        // Every answer the route rests on must be validated for the route to count as signed.
        var weakest = new[] { mx, a.Result, aaaa.Result }.FirstOrDefault(r => !r.IsAuthenticated) ?? mx;
        var dnssec = await _dns.DnssecStatusAsync(weakest, cancellationToken).ConfigureAwait(false);
        var exchanger = new MailExchanger(domain, domain, 0, addresses, isImplicit: true, isNullMx: false, dnssec, _dns.ServerList);
        return new MailExchangerLookup(domain, new[] { exchanger }, failure: null, Array.Empty<string>());
    }

    /// <summary>A host's A and AAAA addresses, or the DNS failure that hid them.</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is not a usable host name.</exception>
    public async Task<(AddressList Addresses, DnsFailure? Failure)> ResolveHostAsync(string host, OperationLog? log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(host);
        log ??= OperationLog.None;
        var a = _dns.QueryAsync(name, QueryType.A, log, cancellationToken);
        var aaaa = _dns.QueryAsync(name, QueryType.AAAA, log, cancellationToken);
        await Task.WhenAll(a, aaaa).ConfigureAwait(false);
        var addresses = Collect(a.Result, aaaa.Result);
        var failure = a.Result.Failure ?? aaaa.Result.Failure;
        if (addresses.Count > 0)
        {
            return (addresses, null);
        }

        return (addresses, failure ?? new DnsFailure(DnsFailureKind.NoRecords, name, "A/AAAA", _dns.ServerList,
            $"{name} has no A or AAAA record."));
    }

    private async Task<(AddressList List, string? Problem)> ResolveAddressesAsync(string host, OperationLog log, CancellationToken cancellationToken)
    {
        var a = _dns.QueryAsync(host, QueryType.A, log, cancellationToken);
        var aaaa = _dns.QueryAsync(host, QueryType.AAAA, log, cancellationToken);
        await Task.WhenAll(a, aaaa).ConfigureAwait(false);

        var list = Collect(a.Result, aaaa.Result);
        var failure = new[] { a.Result.Failure, aaaa.Result.Failure }
            .FirstOrDefault(f => f is not null && f.Kind != DnsFailureKind.NameNotFound);
        if (failure is not null)
        {
            return (list, $"Could not resolve all addresses of the exchanger {host}: {failure.Message}");
        }

        if (list.Count == 0)
        {
            return (list, $"The exchanger {host} has no A or AAAA record; senders cannot deliver to it. Fix its address records or remove the MX record.");
        }

        return (list, null);
    }

    private static AddressList Collect(DnsAnswer a, DnsAnswer aaaa)
    {
        var v4 = a.Response?.Answers.ARecords().Select(r => r.Address) ?? Enumerable.Empty<IPAddress>();
        var v6 = aaaa.Response?.Answers.AaaaRecords().Select(r => r.Address) ?? Enumerable.Empty<IPAddress>();

        // Sorted so reports compare cleanly between runs whatever order the resolver rotates to.
        return new AddressList(v4.Distinct().OrderBy(Key, StringComparer.Ordinal)
            .Concat(v6.Distinct().OrderBy(Key, StringComparer.Ordinal)));
    }

    private static string Key(IPAddress address) => BitConverter.ToString(address.GetAddressBytes());

    private static string HostName(string dnsName) => dnsName.TrimEnd('.').ToLowerInvariant();
}
