namespace MailTls;

/// <summary>What DANE means for a whole domain: all of its MX hosts taken together.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum DomainDane : long
{
    /// <summary>No MX host publishes TLSA records.</summary>
    None = 1,

    /// <summary>Every MX host matches an authenticated, usable TLSA record.</summary>
    Valid,

    /// <summary>Some MX hosts use DANE and others have no TLSA records.</summary>
    Partial,

    /// <summary>Some MX host's TLSA records do not match (DANE senders defer mail to it).</summary>
    Mismatch,

    /// <summary>TLSA records exist but are not DNSSEC-validated (or usable): senders ignore them.</summary>
    Unusable,

    /// <summary>A TLSA lookup failed: DANE senders defer mail until it answers.</summary>
    LookupFailed,
}
