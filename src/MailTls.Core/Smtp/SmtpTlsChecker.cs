using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Dane;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Rules;
using MailTls.Session;
using MailTls.Tls;

namespace MailTls.Smtp;

/// <summary>
/// Finds what to probe (a domain's MX hosts, given exchangers, or named hosts), probes every address
/// once per run however many domains share it, through the run's connection limits, backs off from
/// servers that say they are busy, and judges each address with the SMTP and DANE rules.
/// </summary>
public sealed class SmtpTlsChecker
{
    private readonly RunSession _session;
    private readonly ISmtpProber _prober;
    private readonly TlsEnumerator? _protocolScanner;

    internal SmtpTlsChecker(RunSession session, ISmtpProber prober, TlsEnumerator? protocolScanner = null)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _prober = prober ?? throw new ArgumentNullException(nameof(prober));
        _protocolScanner = protocolScanner;
    }

    public SmtpProbeOptions Options => _prober.Options;

    /// <summary>Resolves the domain's MX hosts and probes every address of each.</summary>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<SmtpCheck> CheckDomainAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await _session.MailExchangers.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            var row = SmtpTlsResult.NotProbed(lookup.Domain, string.Empty, null, Options, lookup.Failure.ToFinding(), checkRan: false);
            return new SmtpCheck(new[] { row }, Array.Empty<ProbeFault>());
        }

        return await CheckExchangersAsync(lookup.Exchangers, _session.Dns, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Probes exchangers already resolved (Resolve-MailExchanger output) at their addresses, without asking DNS for them again.</summary>
    /// <param name="exchangers">One domain's exchangers, so that domain-wide rules (DANE on some hosts only) apply.</param>
    /// <param name="tlsaResolver">Where to look up TLSA records: the resolver that found the exchangers (null: the run's).</param>
    /// <param name="log">Receives the transcript.</param>
    /// <param name="cancellationToken">Ctrl+C, or the item's time budget.</param>
    public async Task<SmtpCheck> CheckExchangersAsync(IEnumerable<MailExchanger> exchangers, DnsResolver? tlsaResolver, OperationLog log, CancellationToken cancellationToken)
    {
        tlsaResolver ??= _session.Dns;
        var rows = new List<Task<Row>>();
        foreach (var exchanger in exchangers)
        {
            if (exchanger.IsNullMx)
            {
                rows.Add(Task.FromResult(Row.Ready(SmtpTlsResult.NotProbed(exchanger.Domain, exchanger.Exchange, exchanger.Preference, Options,
                    new Finding(FindingCodes.NullMx, Severity.Info, $"{exchanger.Domain} publishes a null MX (RFC 7505): it accepts no mail, so there is no server to probe."),
                    checkRan: true))));
                continue;
            }

            if (exchanger.Addresses.Count == 0)
            {
                rows.Add(Task.FromResult(Row.Ready(SmtpTlsResult.NotProbed(exchanger.Domain, exchanger.Exchange, exchanger.Preference, Options,
                    new Finding(FindingCodes.MxNoAddress, Severity.Error, $"The exchanger {exchanger.Exchange} has no A or AAAA record, so senders cannot reach it. Fix its address records or remove the MX record."),
                    checkRan: false))));
                continue;
            }

            foreach (var address in exchanger.Addresses.Values)
            {
                rows.Add(ProbeRowAsync(new SmtpTarget(exchanger.Domain, exchanger.Exchange, exchanger.Preference, address), tlsaResolver, log, cancellationToken));
            }
        }

        return Judge(await Task.WhenAll(rows).ConfigureAwait(false), log);
    }

    /// <summary>Probes a host by name (every A/AAAA address) or by IP address.</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is neither an IP address nor a usable host name.</exception>
    public async Task<SmtpCheck> CheckHostAsync(string host, OperationLog log, CancellationToken cancellationToken)
    {
        var text = (host ?? string.Empty).Trim().Trim('[', ']');
        if (AddressText.TryParse(text, out var address))
        {
            return Judge(new[] { await ProbeRowAsync(new SmtpTarget(string.Empty, address.ToString(), null, address), _session.Dns, log, cancellationToken).ConfigureAwait(false) }, log);
        }

        var (addresses, failure) = await _session.MailExchangers.ResolveHostAsync(text, log, cancellationToken).ConfigureAwait(false);
        var name = DomainName.Normalize(text);
        if (addresses.Count == 0)
        {
            return new SmtpCheck(new[] { SmtpTlsResult.NotProbed(string.Empty, name, null, Options, failure!.ToFinding(), checkRan: false) }, Array.Empty<ProbeFault>());
        }

        var rows = addresses.Values.Select(a => ProbeRowAsync(new SmtpTarget(string.Empty, name, null, a), _session.Dns, log, cancellationToken));
        return Judge(await Task.WhenAll(rows).ConfigureAwait(false), log);
    }

    private async Task<Row> ProbeRowAsync(SmtpTarget target, DnsResolver tlsaResolver, OperationLog log, CancellationToken cancellationToken)
    {
        var serverName = Options.ServerName ?? target.Exchange;
        var probeLog = log.IsEnabled ? new OperationLog() : OperationLog.None;
        var key = target.Address + "|" + serverName + "|" + Options.Identity;
        SmtpProbeFacts facts;
        TlsaLookup? tlsa;
        TlsProtocolScan? scan = null;
        try
        {
            var tlsaTask = LookupTlsaAsync(target, tlsaResolver, log, cancellationToken);
            facts = await _session.Probes.GetOrAdd(key, () => ProbeWithBackoffAsync(target, probeLog), out var shared)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (shared)
            {
                log.Write($"{serverName} at {target.Address} was already probed in this run; reusing that probe for {(target.Domain.Length > 0 ? target.Domain : target.Exchange)}.");
            }
            else
            {
                log.Append(probeLog);
            }

            if (_protocolScanner is not null && ReachedTls(facts))
            {
                scan = await ScanProtocolsAsync(key, target, serverName, log, cancellationToken).ConfigureAwait(false);
            }

            tlsa = await tlsaTask.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.Append(probeLog);
            return Row.Faulted(new ProbeFault(target, ex));
        }

        return Row.Probed(target, facts, tlsa, scan);
    }

    // Only a server that got as far as TLS can tell which versions it accepts.
    private static bool ReachedTls(SmtpProbeFacts facts) =>
        !facts.Busy && (facts.StartTlsOffered == true
            || (facts.Options.Mode == SmtpTlsMode.Implicit && facts.Ran
                && facts.Failure?.Code is not (FindingCodes.ConnectRefused or FindingCodes.ConnectTimeout or FindingCodes.ConnectUnreachable)));

    private async Task<TlsProtocolScan> ScanProtocolsAsync(string key, SmtpTarget target, string serverName, OperationLog log, CancellationToken cancellationToken)
    {
        var scanLog = log.IsEnabled ? new OperationLog() : OperationLog.None;
        var endpoint = TlsEndpoint.ForSmtp(target.Address, target.Exchange, target.Domain, Options);
        var scan = await _session.ProtocolScans.GetOrAdd(key, () => _protocolScanner!.ScanVersionsAsync(endpoint, scanLog, _session.Stop), out var shared)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!shared)
        {
            log.Append(scanLog);
        }

        log.Write($"{serverName} at {target.Address}: {scan}.");
        return scan;
    }

    // A server that answers 421, or refuses after having answered, limits this client: wait and try again.
    private async Task<SmtpProbeFacts> ProbeWithBackoffAsync(SmtpTarget target, OperationLog log)
    {
        var stop = _session.Stop;
        var wait = _session.Options.BusyBackoff;
        for (var attempt = 0; ; attempt++)
        {
            SmtpProbeFacts facts;
            using (await _session.Connections.EnterAsync(target.Address, stop).ConfigureAwait(false))
            {
                facts = await _prober.ProbeAsync(target.Address, target.Exchange, _session.HasAnswered(target.Address), log, stop).ConfigureAwait(false);
            }

            if (!facts.Busy)
            {
                if (facts.Failure?.Code is not (FindingCodes.ConnectRefused or FindingCodes.ConnectTimeout or FindingCodes.ConnectUnreachable))
                {
                    _session.NoteAnswered(target.Address);
                }

                return facts;
            }

            _session.Connections.ReportBusy(target.Address);
            if (attempt >= _session.Options.BusyRetries)
            {
                log.Write($"{target.Address} stayed busy after {attempt + 1} attempts; giving up on it for this run.");
                return facts;
            }

            log.Write($"{target.Address} is busy ({facts.Failure?.Code}); trying again in {wait.TotalSeconds:0.#} s with fewer connections to it at once.");
            await Task.Delay(wait, stop).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(wait.Ticks * 2);
        }
    }

    // DANE applies per host name; an address probed directly has none (RFC 7672 §2.2).
    private async Task<TlsaLookup?> LookupTlsaAsync(SmtpTarget target, DnsResolver resolver, OperationLog log, CancellationToken cancellationToken)
    {
        if (AddressText.TryParse(target.Exchange, out _))
        {
            return null;
        }

        return await _session.LookupTlsaAsync(resolver, target.Exchange, Options.Port, log, cancellationToken).ConfigureAwait(false);
    }

    private static SmtpCheck Judge(IReadOnlyList<Row> rows, OperationLog log)
    {
        var probed = rows.Where(r => r.Facts is not null).ToArray();
        var evaluations = probed.ToDictionary(r => r, r => r.Facts!.Ran
            ? DaneEvaluation.Evaluate(r.Tlsa, r.Facts.Certificate?.Leaf, r.Facts.Presented, r.Facts.At)
            : DaneEvaluation.WithoutSession(r.Tlsa));
        var results = new List<SmtpTlsResult>();
        foreach (var domain in rows.GroupBy(r => r.Target?.Domain ?? r.Result!.Domain))
        {
            var partial = DaneRules.Partial(domain.Key, probed.Where(r => r.Target!.Domain == domain.Key)
                .Select(r => (r.Target!.Exchange, evaluations[r].Status)).ToArray());
            foreach (var row in domain)
            {
                if (row.Result is not null)
                {
                    results.Add(row.Result);
                }
                else if (row.Facts is { } facts)
                {
                    var findings = SmtpRules.Judge(facts, evaluations[row], row.Scan).ToList();
                    if (partial.TryGetValue(row.Target!.Exchange, out var extra))
                    {
                        findings.Add(extra);
                    }

                    var result = SmtpTlsResult.Probed(row.Target, facts, row.Tlsa, evaluations[row], findings, row.Scan);
                    if (log.IsEnabled)
                    {
                        log.Write($"{result.Exchange} [{result.Address}]: Verdict {result.Verdict}{(result.Findings.Count > 0 ? " (" + result.Findings + ")" : string.Empty)}.");
                    }

                    results.Add(result);
                }
            }
        }

        return new SmtpCheck(results, rows.Where(r => r.Fault is not null).Select(r => r.Fault!).ToArray());
    }

    private sealed class Row
    {
        public SmtpTarget? Target { get; private init; }

        public SmtpProbeFacts? Facts { get; private init; }

        public TlsaLookup? Tlsa { get; private init; }

        public TlsProtocolScan? Scan { get; private init; }

        public SmtpTlsResult? Result { get; private init; }

        public ProbeFault? Fault { get; private init; }

        public static Row Ready(SmtpTlsResult result) => new() { Result = result };

        public static Row Probed(SmtpTarget target, SmtpProbeFacts facts, TlsaLookup? tlsa, TlsProtocolScan? scan) =>
            new() { Target = target, Facts = facts, Tlsa = tlsa, Scan = scan };

        public static Row Faulted(ProbeFault fault) => new() { Target = fault.Target, Fault = fault };
    }
}
