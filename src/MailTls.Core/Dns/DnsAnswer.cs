using System;
using DnsClient;

namespace MailTls.Dns;

/// <summary>One question's outcome: the response when the resolver gave a usable one, else why not.</summary>
internal sealed class DnsAnswer
{
    private DnsAnswer(IDnsQueryResponse? response, DnsFailure? failure, ResolverServer? server, TimeSpan? cacheFor)
    {
        Response = response;
        Failure = failure;
        Server = server;
        CacheFor = cacheFor;
    }

    /// <summary>The response for NOERROR (with or without records); null when <see cref="Failure"/> is set.</summary>
    public IDnsQueryResponse? Response { get; }

    public DnsFailure? Failure { get; }

    /// <summary>The resolver that answered; null when none did.</summary>
    public ResolverServer? Server { get; }

    /// <summary>How long the run may reuse this answer; null for outcomes that may pass (timeouts, SERVFAIL).</summary>
    public TimeSpan? CacheFor { get; }

    /// <summary>False only for NXDOMAIN, which is an answer rather than a fault for address lookups.</summary>
    public bool NameExists => Failure?.Kind != DnsFailureKind.NameNotFound;

    public bool IsAuthenticated => Response?.Header.IsAuthenticData == true;

    /// <summary>What happened on the way (failovers), for the transcript; empty when nothing did.</summary>
    public string Notes { get; set; } = string.Empty;

    public static DnsAnswer Success(IDnsQueryResponse response, ResolverServer server, TimeSpan cacheFor) => new(response, null, server, cacheFor);

    /// <summary>NXDOMAIN, SERVFAIL, REFUSED… from a server that answered.</summary>
    public static DnsAnswer Negative(DnsFailure failure, ResolverServer server, TimeSpan? cacheFor) => new(null, failure, server, cacheFor);

    /// <summary>No server answered at all.</summary>
    public static DnsAnswer Failed(DnsFailure failure, string notes = "") => new(null, failure, null, null) { Notes = notes };
}
