using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Session;
using MailTls.Smtp;

namespace MailTls.Tls;

/// <summary>
/// Get-MailTlsCipherSuite's work for one run: find the addresses (a domain's MX hosts, given
/// exchangers, or named hosts) and enumerate each address once per run, however many domains share it.
/// </summary>
public sealed class CipherSuiteChecker
{
    private readonly RunSession _session;
    private readonly MailExchangerResolver _resolver;
    private readonly TlsEnumerator _enumerator;
    private readonly SmtpProbeOptions _options;

    /// <param name="session">The run: its resolver, and its bounded cache of enumerations.</param>
    /// <param name="enumerator">Enumerates one address.</param>
    /// <param name="options">Port, TLS mode, EHLO name and time limit of the SMTP part.</param>
    public CipherSuiteChecker(RunSession session, TlsEnumerator enumerator, SmtpProbeOptions options)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _resolver = session.MailExchangers;
        _enumerator = enumerator ?? throw new ArgumentNullException(nameof(enumerator));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Port 25 with STARTTLS: senders encrypt there without authenticating the server.</summary>
    public bool Opportunistic => _options.Mode == SmtpTlsMode.StartTls && _options.Port == SmtpProbeOptions.SmtpPort;

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<IReadOnlyList<CipherSuiteCheck>> CheckDomainAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await _resolver.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return new[] { CipherSuiteCheck.LookupFailed(domain, lookup.Failure) };
        }

        return await CheckExchangersAsync(lookup.Exchangers, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exchangers already resolved (Resolve-MailExchanger output).</summary>
    public async Task<IReadOnlyList<CipherSuiteCheck>> CheckExchangersAsync(IEnumerable<MailExchanger> exchangers, OperationLog log, CancellationToken cancellationToken)
    {
        var work = new List<Task<CipherSuiteCheck>>();
        foreach (var exchanger in exchangers)
        {
            if (exchanger.IsNullMx)
            {
                work.Add(Task.FromResult(CipherSuiteCheck.NotProbed(exchanger.Domain, $"{exchanger.Domain} publishes a null MX (RFC 7505): it accepts no mail, so there is no server to probe.")));
            }
            else if (exchanger.Addresses.Count == 0)
            {
                work.Add(Task.FromResult(CipherSuiteCheck.NotProbed(exchanger.Exchange, $"The exchanger {exchanger.Exchange} has no A or AAAA record, so there is no address to probe.")));
            }
            else
            {
                work.AddRange(exchanger.Addresses.Values.Select(a => EnumerateAsync(exchanger.Domain, exchanger.Exchange, exchanger.Exchange, a, log, cancellationToken)));
            }
        }

        return await Task.WhenAll(work).ConfigureAwait(false);
    }

    /// <summary>A host by name (every A/AAAA address) or by IP address.</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is neither an IP address nor a usable host name.</exception>
    public async Task<IReadOnlyList<CipherSuiteCheck>> CheckHostAsync(string host, OperationLog log, CancellationToken cancellationToken)
    {
        var text = (host ?? string.Empty).Trim().Trim('[', ']');
        if (AddressText.TryParse(text, out var address))
        {
            return new[] { await EnumerateAsync(string.Empty, null, text, address, log, cancellationToken).ConfigureAwait(false) };
        }

        var (addresses, failure) = await _resolver.ResolveHostAsync(text, log, cancellationToken).ConfigureAwait(false);
        var name = DomainName.Normalize(text);
        if (addresses.Count == 0)
        {
            return new[] { CipherSuiteCheck.LookupFailed(name, failure!) };
        }

        return await Task.WhenAll(addresses.Values.Select(a => EnumerateAsync(string.Empty, name, name, a, log, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<CipherSuiteCheck> EnumerateAsync(string domain, string? host, string target, IPAddress address, OperationLog log, CancellationToken cancellationToken)
    {
        // The session's cache: bounded, shared by the run's items, and a failed enumeration is not replayed.
        var key = string.Join("|", "smtp", address, _options.Port, _options.Mode, host);
        var ownLog = log.IsEnabled ? new OperationLog() : OperationLog.None;
        var endpoint = TlsEndpoint.ForSmtp(address, host, domain, _options);
        var enumeration = await _session.Enumerations.GetOrAdd(key, () => _enumerator.EnumerateAsync(endpoint, ownLog, _session.Stop), out var shared)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!shared)
        {
            log.Append(ownLog);
            return CipherSuiteCheck.Enumerated(target, enumeration);
        }

        log.Write($"{endpoint} was already enumerated in this run; reusing that result for {(domain.Length > 0 ? domain : target)}.");
        return CipherSuiteCheck.Enumerated(target, enumeration.ForDomain(domain));
    }
}
