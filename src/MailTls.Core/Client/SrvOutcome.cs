using System.Collections.Generic;
using MailTls.Dns;

namespace MailTls.Client;

/// <summary>One protocol's SRV answers: the endpoints they name, whether any record exists, and a failure that hid them.</summary>
internal sealed class SrvOutcome
{
    public SrvOutcome(IReadOnlyList<ClientEndpoint> endpoints, bool published, DnsFailure? failure, IReadOnlyList<string> notes)
    {
        Endpoints = endpoints;
        Published = published;
        Failure = failure;
        Notes = notes;
    }

    public IReadOnlyList<ClientEndpoint> Endpoints { get; }

    /// <summary>The domain publishes SRV records for the protocol (even only "."): then they decide, not guessed names.</summary>
    public bool Published { get; }

    /// <summary>Set when no record was found and a lookup failed: nothing can be said about the protocol.</summary>
    public DnsFailure? Failure { get; }

    public IReadOnlyList<string> Notes { get; }
}
