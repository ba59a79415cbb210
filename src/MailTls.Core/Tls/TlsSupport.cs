namespace MailTls;

/// <summary>Whether a server accepts something (a version, a cipher suite, a group), as far as the probes could tell.</summary>
/// <remarks>64-bit, like every MailTls enum: ConvertTo-Json writes such enums by name.</remarks>
public enum TlsSupport : long
{
    /// <summary>Not tested, or the test could not finish (421/454 rate limits, timeouts): not the same as NotAccepted.</summary>
    Unknown = 1,

    /// <summary>The server answered the offer with an alert or closed the connection.</summary>
    NotAccepted,

    /// <summary>The server chose it in its ServerHello.</summary>
    Accepted,
}
