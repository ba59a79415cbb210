namespace MailTls;

/// <summary>How TLS starts on an SMTP connection.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum SmtpTlsMode : long
{
    /// <summary>Implicit TLS on port 465 (RFC 8314), STARTTLS on every other port.</summary>
    Auto = 1,

    /// <summary>Plain text first, then the STARTTLS command (RFC 3207): ports 25 and 587.</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314): port 465.</summary>
    Implicit,
}
