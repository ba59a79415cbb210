namespace MailTls;

/// <summary>A protocol mail clients speak to their own provider: sending (submission) or reading (IMAP, POP3).</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum MailClientProtocol : long
{
    /// <summary>Message submission (RFC 6409): STARTTLS on 587, implicit TLS on 465 (RFC 8314).</summary>
    Submission = 1,

    /// <summary>IMAP (RFC 9051): STARTTLS on 143, implicit TLS on 993.</summary>
    Imap,

    /// <summary>POP3 (RFC 1939): STLS on 110, implicit TLS on 995.</summary>
    Pop3,
}
