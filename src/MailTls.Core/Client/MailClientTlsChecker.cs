using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Rules;
using MailTls.Session;
using MailTls.Tls;

namespace MailTls.Client;

/// <summary>
/// Test-MailClientTls's work on the run's session: finds the client endpoints of a host or a domain,
/// resolves their hosts, probes every endpoint at every address once per run however many inputs
/// name it (through the run's connection limits), and judges each with the client rules.
/// </summary>
public sealed class MailClientTlsChecker
{
    private readonly RunSession _session;
    private readonly ClientProber _prober;
    private readonly ClientEndpointDiscovery _discovery;
    private readonly TlsEnumerator? _enumerator;

    internal MailClientTlsChecker(RunSession session, ClientProber prober, TlsEnumerator? enumerator = null)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _prober = prober ?? throw new ArgumentNullException(nameof(prober));
        _discovery = new ClientEndpointDiscovery(session.MailExchangers);
        _enumerator = enumerator;
    }

    public MailClientProbeOptions Options => _prober.Options;

    /// <summary>Probes the chosen protocols on their usual ports (or -Port) at a host, by name or IP address.</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is neither an IP address nor a usable host name.</exception>
    public async Task<MailClientCheck> CheckHostAsync(string host, OperationLog log, CancellationToken cancellationToken)
    {
        var text = (host ?? string.Empty).Trim().Trim('[', ']');
        var name = AddressText.TryParse(text, out var literal) ? literal.ToString() : DomainName.Normalize(text);
        var endpoints = Options.Protocols
            .SelectMany(p => Options.PortsFor(p).Select(e => new ClientEndpoint(string.Empty, name, p, e.Port, e.Mode, ClientEndpointSource.ComputerName, "-ComputerName " + name)))
            .ToArray();
        var (addresses, failure) = await AddressesAsync(name, log, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            return new MailClientCheck(Array.Empty<MailClientTlsResult>(), Array.Empty<ClientProbeFault>(), failure);
        }

        var rows = endpoints.SelectMany(e => addresses.Select(a => ProbeRowAsync(e, a, log, cancellationToken)));
        return Collect(await Task.WhenAll(rows).ConfigureAwait(false), dropRefusedGuesses: false, log);
    }

    /// <summary>Finds the domain's client endpoints (SRV records, else the usual names) and probes each at every address.</summary>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<MailClientCheck> CheckDomainAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var discovery = await _discovery.DiscoverAsync(domain, Options, log, cancellationToken).ConfigureAwait(false);
        if (discovery.Endpoints.Count == 0 && discovery.Failures.Count > 0 && discovery.Failures.Count == Options.Protocols.Count)
        {
            return new MailClientCheck(Array.Empty<MailClientTlsResult>(), Array.Empty<ClientProbeFault>(), discovery.Failures[0].Failure);
        }

        var rows = new List<Task<Row>>();
        foreach (var (protocol, failure) in discovery.Failures)
        {
            var unknown = new ClientEndpoint(discovery.Domain, discovery.Domain, protocol, ClientService.DefaultPort(protocol, SmtpTlsMode.Implicit), SmtpTlsMode.Implicit, ClientEndpointSource.SrvRecord, "SRV lookup failed");
            rows.Add(Task.FromResult(Row.Ready(MailClientTlsResult.NotProbed(unknown, failure.ToFinding($"The {protocol} endpoints of {discovery.Domain} are unknown")))));
        }

        foreach (var host in discovery.Endpoints.GroupBy(e => e.HostName))
        {
            rows.Add(HostRowsAsync(host.ToArray(), log, cancellationToken));
        }

        var done = await Task.WhenAll(rows).ConfigureAwait(false);
        var check = Collect(done, dropRefusedGuesses: true, log);
        if (check.Results.Count == 0 && check.Faults.Count == 0)
        {
            var protocols = string.Join(", ", Options.Protocols);
            return new MailClientCheck(check.Results, check.Faults, notFound:
                $"{discovery.Domain} publishes no SRV record for {protocols} (RFC 6186: _submission._tcp, _imaps._tcp, …), and none of the usual names (mail., smtp., imap., pop.) answers: no client endpoint to check. Name the host with -ComputerName.");
        }

        return check;
    }

    private async Task<Row> HostRowsAsync(IReadOnlyList<ClientEndpoint> endpoints, OperationLog log, CancellationToken cancellationToken)
    {
        var (addresses, failure) = await AddressesAsync(endpoints[0].HostName, log, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            return Row.Many(endpoints.Select(e => Row.Ready(MailClientTlsResult.NotProbed(e, failure!.ToFinding($"{e.HostName} ({e.Discovery})")))));
        }

        var rows = endpoints.SelectMany(e => addresses.Select(a => ProbeRowAsync(e, a, log, cancellationToken)));
        return Row.Many(await Task.WhenAll(rows).ConfigureAwait(false));
    }

    private async Task<(IReadOnlyList<IPAddress> Addresses, DnsFailure? Failure)> AddressesAsync(string host, OperationLog log, CancellationToken cancellationToken)
    {
        if (AddressText.TryParse(host, out var address))
        {
            return (new[] { address }, null);
        }

        var (addresses, failure) = await _session.MailExchangers.ResolveHostAsync(host, log, cancellationToken).ConfigureAwait(false);
        return (addresses.Values, failure);
    }

    private async Task<Row> ProbeRowAsync(ClientEndpoint endpoint, IPAddress address, OperationLog log, CancellationToken cancellationToken)
    {
        var serverName = Options.ServerName ?? endpoint.HostName;
        var key = string.Join("|", address, endpoint.Protocol, endpoint.Port, endpoint.Mode, serverName, Options.Identity);
        var probeLog = log.IsEnabled ? new OperationLog() : OperationLog.None;
        try
        {
            var facts = await _session.ClientProbes.GetOrAdd(key, () => ProbeAsync(address, endpoint, probeLog), out var shared)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (log.IsEnabled)
            {
                log.Append(shared ? Shared(endpoint, address) : probeLog);
            }

            var enumeration = _enumerator is not null && ReachedTls(facts)
                ? await EnumerateAsync(key, endpoint, address, serverName, log, cancellationToken).ConfigureAwait(false)
                : null;
            var tls = enumeration is null ? null : TlsRules.ForEnumeration(enumeration, opportunistic: false);
            var result = MailClientTlsResult.Probed(endpoint, facts, ClientRules.Judge(facts, tls), enumeration);
            log.Write($"{result.Protocol} {result.HostName} [{result.Address}]:{result.Port}: Verdict {result.Verdict}{(result.Findings.Count > 0 ? " (" + result.Findings + ")" : string.Empty)}.");
            return Row.Probed(result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.Append(probeLog);
            return Row.Faulted(new ClientProbeFault(endpoint, address.ToString(), ex));
        }
    }

    private async Task<ClientProbeFacts> ProbeAsync(IPAddress address, ClientEndpoint endpoint, OperationLog log)
    {
        using (await _session.Connections.EnterAsync(address, _session.Stop).ConfigureAwait(false))
        {
            return await _prober.ProbeAsync(address, endpoint, log, _session.Stop).ConfigureAwait(false);
        }
    }

    // Only an endpoint that got as far as TLS can say which versions and suites it accepts.
    private static bool ReachedTls(ClientProbeFacts facts) =>
        facts.TlsOffered == true || (facts.Mode == SmtpTlsMode.Implicit && facts.Reachable);

    private async Task<TlsEnumeration> EnumerateAsync(string key, ClientEndpoint endpoint, IPAddress address, string serverName, OperationLog log, CancellationToken cancellationToken)
    {
        var enumerationLog = log.IsEnabled ? new OperationLog() : OperationLog.None;
        var target = new TlsEndpoint(address, endpoint.Port, Preamble(endpoint), serverName, endpoint.Domain);
        var enumeration = await _session.Enumerations.GetOrAdd(key, () => _enumerator!.EnumerateAsync(target, enumerationLog, _session.Stop), out var shared)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!shared)
        {
            log.Append(enumerationLog);
        }

        // The cached facts name the domain that asked first; this row's suites belong to its own.
        return enumeration.Domain == endpoint.Domain ? enumeration : enumeration.ForDomain(endpoint.Domain);
    }

    private ITlsPreamble Preamble(ClientEndpoint endpoint) => (endpoint.Mode, endpoint.Protocol) switch
    {
        (SmtpTlsMode.Implicit, _) => ImplicitTlsPreamble.Instance,
        (_, MailClientProtocol.Submission) => new SmtpStartTlsPreamble(Options.HeloName, Options.PhaseTimeout),
        (_, MailClientProtocol.Imap) => MailKitStartTlsPreamble.Imap(Options.PhaseTimeout),
        _ => MailKitStartTlsPreamble.Pop3(Options.PhaseTimeout),
    };

    private static OperationLog Shared(ClientEndpoint endpoint, IPAddress address)
    {
        var log = new OperationLog();
        log.Write($"{endpoint.Protocol} on {endpoint.HostName} at {address}:{endpoint.Port} was already probed in this run; reusing that probe.");
        return log;
    }

    // A guessed name that refuses a port simply does not offer that service there.
    private static MailClientCheck Collect(IEnumerable<Row> rows, bool dropRefusedGuesses, OperationLog log)
    {
        var results = new List<MailClientTlsResult>();
        var faults = new List<ClientProbeFault>();
        foreach (var row in rows.SelectMany(r => r.Flatten()))
        {
            if (row.Fault is not null)
            {
                faults.Add(row.Fault);
            }
            else if (dropRefusedGuesses && row.Result!.DiscoveredBy == ClientEndpointSource.UsualName && row.Result.Findings.Contains(FindingCodes.ConnectRefused))
            {
                log.Write($"{row.Result.HostName} refuses port {row.Result.Port}: no {row.Result.Protocol} with {row.Result.Mode} there, and no SRV record says there should be.");
            }
            else
            {
                results.Add(row.Result!);
            }
        }

        return new MailClientCheck(results, faults);
    }

    private sealed class Row
    {
        private IReadOnlyList<Row> _children = Array.Empty<Row>();

        public MailClientTlsResult? Result { get; private init; }

        public ClientProbeFault? Fault { get; private init; }

        public static Row Ready(MailClientTlsResult result) => new() { Result = result };

        public static Row Probed(MailClientTlsResult result) => new() { Result = result };

        public static Row Faulted(ClientProbeFault fault) => new() { Fault = fault };

        public static Row Many(IEnumerable<Row> rows) => new() { _children = rows.ToArray() };

        public IEnumerable<Row> Flatten() => Result is null && Fault is null ? _children.SelectMany(c => c.Flatten()) : new[] { this };
    }
}
