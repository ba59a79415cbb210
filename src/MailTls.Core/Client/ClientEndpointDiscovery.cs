using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.Client;

/// <summary>
/// Finds a domain's client endpoints the way mail clients configure themselves: the SRV records of
/// RFC 6186 and RFC 8314 (_submission, _submissions, _imap, _imaps, _pop3, _pop3s) first, and where a
/// protocol has none, the first of the usual host names (smtp., imap., pop., mail.) that resolves.
/// </summary>
public sealed class ClientEndpointDiscovery
{
    private readonly MailExchangerResolver _hosts;

    public ClientEndpointDiscovery(MailExchangerResolver hosts) => _hosts = hosts ?? throw new ArgumentNullException(nameof(hosts));

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<ClientDiscovery> DiscoverAsync(string domain, MailClientProbeOptions options, OperationLog log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var services = ClientService.All.Where(s => options.Protocols.Contains(s.Protocol)).ToArray();
        var lookups = services.Select(s => _hosts.Dns.QuerySrvAsync(s.SrvPrefix + "." + name, log, cancellationToken)).ToArray();
        var answers = services.Zip(await Task.WhenAll(lookups).ConfigureAwait(false), (s, l) => (s, l)).ToArray();

        var found = await Task.WhenAll(options.Protocols.Select(p => ForProtocolAsync(name, p, answers, options, log, cancellationToken))).ConfigureAwait(false);
        var endpoints = found.SelectMany(f => f.Endpoints).ToArray();
        var failures = found.Where(f => f.Failure is not null).Select(f => (f.Protocol, f.Failure!)).ToArray();
        return new ClientDiscovery(name, endpoints, failures);
    }

    private async Task<(MailClientProtocol Protocol, IReadOnlyList<ClientEndpoint> Endpoints, DnsFailure? Failure)> ForProtocolAsync(
        string domain, MailClientProtocol protocol, IReadOnlyList<(ClientService, SrvLookup)> answers, MailClientProbeOptions options, OperationLog log, CancellationToken cancellationToken)
    {
        var srv = ClientDiscoveryRules.FromSrv(domain, protocol, answers);
        foreach (var note in srv.Notes)
        {
            log.Write(note);
        }

        if (srv.Published)
        {
            var endpoints = ClientDiscoveryRules.Narrow(srv.Endpoints, options);
            log.Write($"{protocol} of {domain} by its SRV records: {(endpoints.Count == 0 ? "none offered" : string.Join(", ", endpoints))}.");
            return (protocol, endpoints, null);
        }

        if (srv.Failure is not null)
        {
            return (protocol, Array.Empty<ClientEndpoint>(), srv.Failure);
        }

        foreach (var host in ClientService.UsualNames(protocol, domain))
        {
            var (addresses, _) = await _hosts.ResolveHostAsync(host, log, cancellationToken).ConfigureAwait(false);
            if (addresses.Count > 0)
            {
                log.Write($"{domain} publishes no SRV record for {protocol}; using the usual name {host}.");
                return (protocol, ClientDiscoveryRules.FromUsualName(domain, protocol, host, options), null);
            }
        }

        log.Write($"{domain} publishes no SRV record for {protocol}, and none of {string.Join(", ", ClientService.UsualNames(protocol, domain))} resolves: no {protocol} endpoint to check.");
        return (protocol, Array.Empty<ClientEndpoint>(), null);
    }
}
