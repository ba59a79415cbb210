using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Dns;

namespace MailTls.Client;

/// <summary>
/// Which client endpoints a domain's DNS names, decided without the network: RFC 6186 SRV records
/// when the domain publishes any for a protocol (a "." target says it offers none), else the first of
/// the names clients guess that has an address. Pure, so every case is unit-tested.
/// </summary>
internal static class ClientDiscoveryRules
{
    /// <summary>What the two SRV answers of one protocol say.</summary>
    public static SrvOutcome FromSrv(string domain, MailClientProtocol protocol, IReadOnlyList<(ClientService Service, SrvLookup Lookup)> answers)
    {
        var endpoints = new List<ClientEndpoint>();
        var notes = new List<string>();
        var published = false;
        DnsFailure? failure = null;
        foreach (var (service, lookup) in answers.Where(a => a.Service.Protocol == protocol))
        {
            if (lookup.Failure is not null)
            {
                failure ??= lookup.Failure;
                notes.Add($"The SRV lookup of {lookup.Name} failed: {lookup.Failure.Message}");
                continue;
            }

            published |= lookup.Records.Count > 0;
            // RFC 2782: lowest priority first, and among equals the heavier weight first.
            foreach (var record in lookup.Records.OrderBy(r => r.Priority).ThenByDescending(r => r.Weight))
            {
                if (record.IsNotOffered)
                {
                    notes.Add($"SRV {lookup.Name} is \".\": {domain} says it offers no {service.Protocol} with {Describe(service.Mode)} (RFC 6186 §3.4).");
                }
                else if (record.Port == 0)
                {
                    notes.Add($"SRV {lookup.Name} names {record.Host} with port 0, which no client can use; skipped.");
                }
                else if (!endpoints.Any(e => e.HostName == record.Host && e.Port == record.Port))
                {
                    endpoints.Add(new ClientEndpoint(domain, record.Host, protocol, record.Port, service.Mode, ClientEndpointSource.SrvRecord, $"SRV {lookup.Name}: {record}"));
                }
            }
        }

        return new SrvOutcome(endpoints, published, published ? null : failure, notes);
    }

    /// <summary>The endpoints on a host found by its usual name, one per port the options ask for.</summary>
    public static IReadOnlyList<ClientEndpoint> FromUsualName(string domain, MailClientProtocol protocol, string host, MailClientProbeOptions options) =>
        options.PortsFor(protocol)
            .Select(p => new ClientEndpoint(domain, host, protocol, p.Port, p.Mode, ClientEndpointSource.UsualName,
                $"no SRV record for {protocol}; {host} is the first of {string.Join(", ", ClientService.UsualNames(protocol, domain))} that resolves"))
            .ToArray();

    /// <summary>
    /// SRV endpoints as the options narrow them: -Port probes each SRV host on those ports instead, a
    /// fixed -TlsMode keeps only the endpoints with that mode.
    /// </summary>
    public static IReadOnlyList<ClientEndpoint> Narrow(IReadOnlyList<ClientEndpoint> endpoints, MailClientProbeOptions options)
    {
        if (options.Ports.Count > 0)
        {
            return endpoints
                .GroupBy(e => (e.HostName, e.Protocol))
                .SelectMany(g => options.PortsFor(g.Key.Protocol).Select(p =>
                    new ClientEndpoint(g.First().Domain, g.Key.HostName, g.Key.Protocol, p.Port, p.Mode, g.First().Source, g.First().Discovery)))
                .ToArray();
        }

        return options.Mode == SmtpTlsMode.Auto ? endpoints : endpoints.Where(e => e.Mode == options.Mode).ToArray();
    }

    private static string Describe(SmtpTlsMode mode) => mode == SmtpTlsMode.Implicit ? "implicit TLS" : "STARTTLS";
}
