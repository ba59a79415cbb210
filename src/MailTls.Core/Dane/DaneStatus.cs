namespace MailTls;

/// <summary>What DANE means for one server, as a DANE-validating sender sees it (RFC 7672).</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum DaneStatus : long
{
    /// <summary>No TLSA records: DANE senders use opportunistic TLS.</summary>
    None = 1,

    /// <summary>An authenticated, usable TLSA record matches what the server presents.</summary>
    Valid,

    /// <summary>Usable TLSA records exist, but none matches (or no TLS came up): DANE senders defer mail.</summary>
    Mismatch,

    /// <summary>TLSA records exist without DNSSEC authentication: senders ignore them.</summary>
    Unauthenticated,

    /// <summary>Authenticated TLSA records exist, but none is usable for SMTP (usages 0 and 1, unknown parameters).</summary>
    Unusable,

    /// <summary>The TLSA lookup failed (SERVFAIL, timeout): DANE senders defer mail rather than guess.</summary>
    LookupFailed,
}
