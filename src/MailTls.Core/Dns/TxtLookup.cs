using System.Collections.Generic;

namespace MailTls.Dns;

/// <summary>The TXT records at a name: each record's character-strings joined, as RFC 8461 and 8460 read them.</summary>
public sealed class TxtLookup
{
    public TxtLookup(string name, IReadOnlyList<string> records, DnssecStatus dnssec, DnsFailure? failure)
    {
        Name = name;
        Records = records;
        Dnssec = dnssec;
        Failure = failure;
    }

    public string Name { get; }

    /// <summary>Empty when the name does not exist or has no TXT records: an answer, not a failure.</summary>
    public IReadOnlyList<string> Records { get; }

    public DnssecStatus Dnssec { get; }

    public bool DnssecAuthenticated => Dnssec == DnssecStatus.Signed;

    /// <summary>Set only when DNS could not answer (SERVFAIL, timeout…); NXDOMAIN is not a failure here.</summary>
    public DnsFailure? Failure { get; }
}
