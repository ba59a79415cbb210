using System;
using System.Collections.Generic;

namespace MailTls.Dns;

/// <summary>What DNS says about where a domain's mail goes: exchangers, or why none could be found.</summary>
public sealed class MailExchangerLookup
{
    public MailExchangerLookup(string domain, IReadOnlyList<MailExchanger> exchangers, DnsFailure? failure, IReadOnlyList<string> warnings)
    {
        Domain = domain;
        Exchangers = exchangers;
        Failure = failure;
        Warnings = warnings;
    }

    public string Domain { get; }

    /// <summary>Ordered by preference, then name; empty when <see cref="Failure"/> is set.</summary>
    public IReadOnlyList<MailExchanger> Exchangers { get; }

    /// <summary>Why the domain's mail route could not be determined (NXDOMAIN, SERVFAIL, timeout, no MX and no address…).</summary>
    public DnsFailure? Failure { get; }

    /// <summary>Problems that do not stop the answer: an exchanger without addresses, a null MX beside other MX records.</summary>
    public IReadOnlyList<string> Warnings { get; }

    internal static MailExchangerLookup Failed(string domain, DnsFailure failure) =>
        new(domain, Array.Empty<MailExchanger>(), failure, Array.Empty<string>());
}
