namespace MailTls;

/// <summary>What happened to a domain, or to one of its columns, between two roll-up runs.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum DomainTlsChangeKind : long
{
    /// <summary>The domain is in the later run only.</summary>
    Added = 1,

    /// <summary>The domain is in the earlier run only.</summary>
    Removed,

    /// <summary>Mail to the domain is less safe than it was: a weaker forced-TLS level, STARTTLS lost, a certificate broken or expiring, MTA-STS or DANE broken, an older TLS version.</summary>
    Degraded,

    /// <summary>The opposite of Degraded.</summary>
    Improved,

    /// <summary>Different, but neither better nor worse in itself (MX hosts, findings, TLS-RPT, DNSSEC).</summary>
    Changed,
}
