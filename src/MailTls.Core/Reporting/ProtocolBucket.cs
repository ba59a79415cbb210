namespace MailTls.Reporting;

/// <summary>The oldest TLS version a domain's MX hosts negotiated, as the report's chart groups it.</summary>
internal enum ProtocolBucket
{
    Tls13,
    Tls12,
    Tls11,
    Tls10OrOlder,

    /// <summary>No TLS was seen: no STARTTLS, a failed handshake, or nothing to probe.</summary>
    None,
}
