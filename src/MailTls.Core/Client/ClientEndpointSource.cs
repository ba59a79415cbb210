namespace MailTls;

/// <summary>How an endpoint was found, so a report says whether DNS publishes it or it was guessed.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum ClientEndpointSource : long
{
    /// <summary>The host was named with -ComputerName.</summary>
    ComputerName = 1,

    /// <summary>An SRV record of the domain (RFC 6186, RFC 8314 §5.1) names it.</summary>
    SrvRecord,

    /// <summary>The domain publishes no SRV record for the protocol; the host is one of the names clients guess (imap., smtp., pop., mail.).</summary>
    UsualName,
}
