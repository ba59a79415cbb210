using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Dane;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.Smtp;

/// <summary>
/// Test-SmtpTls's work for one run: find what to probe (a domain's MX hosts, given exchangers, or
/// named hosts), probe every address once per run however many domains share it, and never hold
/// more connections open than the run allows.
/// </summary>
public sealed class SmtpTlsChecker
{
    private readonly MailExchangerResolver _resolver;
    private readonly SmtpProber _prober;
    private readonly SemaphoreSlim _connections;
    private readonly ConcurrentDictionary<string, Lazy<Task<SmtpTlsResult>>> _probes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<TlsaLookup>>> _tlsa = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="resolver">Finds MX hosts and host addresses (its cache is this run's DNS cache).</param>
    /// <param name="prober">Probes one address.</param>
    /// <param name="maxConnections">How many probes may be connected at once in this run.</param>
    public SmtpTlsChecker(MailExchangerResolver resolver, SmtpProber prober, int maxConnections)
    {
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _prober = prober ?? throw new ArgumentNullException(nameof(prober));
        if (maxConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConnections), "At least one connection is needed.");
        }

        _connections = new SemaphoreSlim(maxConnections, maxConnections);
    }

    private SmtpProbeOptions Options => _prober.Options;

    /// <summary>Resolves the domain's MX hosts and probes every address of each.</summary>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<IReadOnlyList<SmtpTlsResult>> CheckDomainAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await _resolver.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return new[] { SmtpTlsResult.NotProbed(lookup.Domain, string.Empty, null, Options, lookup.Failure.ToFinding(), checkRan: false) };
        }

        return await CheckExchangersAsync(lookup.Exchangers, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Probes exchangers already resolved (Resolve-MailExchanger output), without asking DNS again.</summary>
    public async Task<IReadOnlyList<SmtpTlsResult>> CheckExchangersAsync(IEnumerable<MailExchanger> exchangers, OperationLog log, CancellationToken cancellationToken)
    {
        var work = new List<Task<SmtpTlsResult>>();
        foreach (var exchanger in exchangers)
        {
            if (exchanger.IsNullMx)
            {
                work.Add(Task.FromResult(SmtpTlsResult.NotProbed(exchanger.Domain, exchanger.Exchange, exchanger.Preference, Options,
                    new Finding(FindingCodes.NullMx, Severity.Info, $"{exchanger.Domain} publishes a null MX (RFC 7505): it accepts no mail, so there is no server to probe."),
                    checkRan: true)));
                continue;
            }

            if (exchanger.Addresses.Count == 0)
            {
                work.Add(Task.FromResult(SmtpTlsResult.NotProbed(exchanger.Domain, exchanger.Exchange, exchanger.Preference, Options,
                    new Finding(FindingCodes.MxNoAddress, Severity.Error, $"The exchanger {exchanger.Exchange} has no A or AAAA record, so senders cannot reach it. Fix its address records or remove the MX record."),
                    checkRan: false)));
                continue;
            }

            foreach (var address in exchanger.Addresses.Values)
            {
                work.Add(ProbeOnceAsync(new SmtpTarget(exchanger.Domain, exchanger.Exchange, exchanger.Preference, address), log, cancellationToken));
            }
        }

        return MarkPartialDane(await Task.WhenAll(work).ConfigureAwait(false));
    }

    /// <summary>Probes a host by name (every A/AAAA address) or by IP address.</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is neither an IP address nor a usable host name.</exception>
    public async Task<IReadOnlyList<SmtpTlsResult>> CheckHostAsync(string host, OperationLog log, CancellationToken cancellationToken)
    {
        var text = (host ?? string.Empty).Trim().Trim('[', ']');
        if (AddressText.TryParse(text, out var address))
        {
            return new[] { await ProbeOnceAsync(new SmtpTarget(string.Empty, address.ToString(), null, address), log, cancellationToken).ConfigureAwait(false) };
        }

        var (addresses, failure) = await _resolver.ResolveHostAsync(text, log, cancellationToken).ConfigureAwait(false);
        var name = DomainName.Normalize(text);
        if (addresses.Count == 0)
        {
            return new[] { SmtpTlsResult.NotProbed(string.Empty, name, null, Options, failure!.ToFinding(), checkRan: false) };
        }

        var probes = addresses.Values.Select(a => ProbeOnceAsync(new SmtpTarget(string.Empty, name, null, a), log, cancellationToken));
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }

    private async Task<SmtpTlsResult> ProbeOnceAsync(SmtpTarget target, OperationLog log, CancellationToken cancellationToken)
    {
        var name = Options.ServerName ?? target.Exchange;
        var key = $"{target.Address}|{name}";
        var probeLog = log.IsEnabled ? new OperationLog() : OperationLog.None;
        var lazy = new Lazy<Task<SmtpTlsResult>>(() => ProbeLimitedAsync(target, probeLog, cancellationToken));
        var shared = _probes.GetOrAdd(key, lazy);
        var result = await shared.Value.ConfigureAwait(false);
        if (ReferenceEquals(shared, lazy))
        {
            log.Append(probeLog);
            return result;
        }

        log.Write($"{name} at {target.Address} was already probed in this run; reusing that result for {target.Domain}.");
        return result.ForTarget(target);
    }

    private async Task<SmtpTlsResult> ProbeLimitedAsync(SmtpTarget target, OperationLog log, CancellationToken cancellationToken)
    {
        var tlsa = await LookupTlsaAsync(target, log, cancellationToken).ConfigureAwait(false);
        await _connections.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _prober.ProbeAsync(target, log, cancellationToken, tlsa).ConfigureAwait(false);
        }
        finally
        {
            _connections.Release();
        }
    }

    // DANE applies per host name; an address probed directly has none (RFC 7672 §2.2).
    private async Task<TlsaLookup?> LookupTlsaAsync(SmtpTarget target, OperationLog log, CancellationToken cancellationToken)
    {
        if (AddressText.TryParse(target.Exchange, out _))
        {
            return null;
        }

        var key = $"{target.Exchange}|{Options.Port}";
        var lookup = _tlsa.GetOrAdd(key, _ => new Lazy<Task<TlsaLookup>>(() => _resolver.Dns.QueryTlsaAsync(target.Exchange, Options.Port, log, cancellationToken)));
        return await lookup.Value.ConfigureAwait(false);
    }

    // RFC 7672 §2.2.1: senders apply DANE per MX host, so a host without TLSA is the weak link of a DANE domain.
    private static IReadOnlyList<SmtpTlsResult> MarkPartialDane(IReadOnlyList<SmtpTlsResult> results)
    {
        var dane = results.Where(r => r.Dane is DaneStatus.Valid or DaneStatus.Mismatch).Select(r => r.Exchange).Distinct().ToArray();
        if (dane.Length == 0 || results.All(r => r.Dane != DaneStatus.None || r.Address.Length == 0))
        {
            return results;
        }

        return results.Select(r => r.Dane == DaneStatus.None && r.Address.Length > 0
            ? r.WithFinding(new Finding(FindingCodes.DanePartial, Severity.Warning,
                $"{r.Exchange} has no TLSA records while {string.Join(", ", dane)} of {r.Domain} use DANE: senders can be steered to this host without DANE's protection. Publish TLSA records for it too."))
            : r).ToArray();
    }
}
