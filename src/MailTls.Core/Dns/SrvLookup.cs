using System.Collections.Generic;

namespace MailTls.Dns;

/// <summary>The SRV records at a name, or why DNS could not say.</summary>
public sealed class SrvLookup
{
    public SrvLookup(string name, IReadOnlyList<SrvTarget> records, DnsFailure? failure)
    {
        Name = name;
        Records = records;
        Failure = failure;
    }

    /// <summary>The owner name asked, e.g. _submissions._tcp.contoso.com.</summary>
    public string Name { get; }

    /// <summary>Empty when the name does not exist or has no SRV records: an answer, not a failure.</summary>
    public IReadOnlyList<SrvTarget> Records { get; }

    /// <summary>Set only when DNS could not answer (SERVFAIL, timeout…); NXDOMAIN is not a failure here.</summary>
    public DnsFailure? Failure { get; }
}
