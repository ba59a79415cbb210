using System.Collections.Generic;
using System.Linq;
using MailTls.Dns;

namespace MailTls.Dane;

/// <summary>The TLSA records of one service (e.g. _25._tcp.mx.contoso.com) as a DANE sender sees them.</summary>
public sealed class TlsaLookup
{
    public TlsaLookup(string host, int port, string owner, string baseDomain, IReadOnlyList<TlsaAssociation> records, DnssecStatus dnssec, DnsFailure? failure)
    {
        Host = host;
        Port = port;
        Owner = owner;
        BaseDomain = baseDomain;
        Records = records;
        Dnssec = dnssec;
        Failure = failure;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Where the records were found (or last looked for): _port._tcp.&lt;base domain&gt;.</summary>
    public string Owner { get; }

    /// <summary>The TLSA base domain: the host, or its CNAME target when the records sit there (RFC 7672 §2.2.2).</summary>
    public string BaseDomain { get; }

    public IReadOnlyList<TlsaAssociation> Records { get; }

    /// <summary>Signed, Unsigned (proven by a validating resolver) or NotValidated (the resolver does not validate).</summary>
    public DnssecStatus Dnssec { get; }

    public bool DnssecAuthenticated => Dnssec == DnssecStatus.Signed;

    /// <summary>The lookup failed (SERVFAIL, timeout…): DANE senders defer mail rather than guess.</summary>
    public DnsFailure? Failure { get; }

    /// <summary>The records a sender would use: authenticated, and usable for SMTP.</summary>
    public IReadOnlyList<TlsaAssociation> Usable => DnssecAuthenticated ? Records.Where(r => r.IsUsableForSmtp).ToArray() : System.Array.Empty<TlsaAssociation>();
}
