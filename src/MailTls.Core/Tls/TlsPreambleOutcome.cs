namespace MailTls.Tls;

/// <summary>How a plaintext preamble ended.</summary>
/// <remarks>64-bit, like every MailTls enum: ConvertTo-Json writes such enums by name.</remarks>
public enum TlsPreambleOutcome : long
{
    /// <summary>The server now expects a ClientHello.</summary>
    Ready = 1,

    /// <summary>The server is limiting this client (SMTP 421, STARTTLS 454): try again later.</summary>
    Busy,

    /// <summary>The server will not start TLS here at all (no STARTTLS, a 5xx reply): retrying cannot help.</summary>
    Refused,

    /// <summary>The dialogue broke (timeout, lost connection, garbage).</summary>
    Failed,
}
