using System.Collections.Generic;
using MailTls.Dns;

namespace MailTls.Client;

/// <summary>What a domain's DNS says about its client endpoints: the endpoints, and the protocols DNS could not answer for.</summary>
public sealed class ClientDiscovery
{
    internal ClientDiscovery(string domain, IReadOnlyList<ClientEndpoint> endpoints, IReadOnlyList<(MailClientProtocol Protocol, DnsFailure Failure)> failures)
    {
        Domain = domain;
        Endpoints = endpoints;
        Failures = failures;
    }

    public string Domain { get; }

    public IReadOnlyList<ClientEndpoint> Endpoints { get; }

    /// <summary>Protocols whose SRV lookups failed with no record found: nothing is known about them.</summary>
    public IReadOnlyList<(MailClientProtocol Protocol, DnsFailure Failure)> Failures { get; }
}
