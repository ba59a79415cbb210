namespace MailTls;

/// <summary>
/// The strongest outbound TLS policy a sender could apply to a domain today without its mail
/// bouncing or deferring, weakest first (so a drop between two runs is a smaller value).
/// </summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum ForcedTlsLevel : long
{
    /// <summary>Some MX host lacks STARTTLS or fails the handshake (or nothing could be checked): do not force TLS.</summary>
    None = 1,

    /// <summary>Every MX host offers STARTTLS and completes a TLS 1.2+ handshake (Postfix encrypt, Exchange EncryptionOnly).</summary>
    Encrypt,

    /// <summary>…and presents a certificate valid for its name (Postfix secure/verify, Exchange CertificateValidation).</summary>
    Verify,

    /// <summary>…and matches a TLSA record in a DNSSEC-validated zone (Postfix dane-only, Exchange DomainValidation).</summary>
    Dane,
}
