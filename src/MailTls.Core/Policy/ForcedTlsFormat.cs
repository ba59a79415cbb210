namespace MailTls;

/// <summary>The mail server a forced-TLS policy is written for.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum ForcedTlsFormat : long
{
    /// <summary>An smtp_tls_policy_maps table and its main.cf lines.</summary>
    Postfix = 1,

    /// <summary>Exchange Server: a script of Send connectors (New-SendConnector / Set-SendConnector).</summary>
    Exchange,

    /// <summary>Exchange Online: a script of Outbound connectors (New-OutboundConnector / Set-OutboundConnector).</summary>
    ExchangeOnline,

    /// <summary>An lsearch domain file, and the routers and transports that read it.</summary>
    Exim,

    /// <summary>Access map TLS_Rcpt entries and the sendmail.mc lines they need.</summary>
    Sendmail,
}
