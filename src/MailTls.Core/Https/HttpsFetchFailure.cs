namespace MailTls.Https;

/// <summary>Why a fetch produced no HTTP response at all.</summary>
public enum HttpsFetchFailure : long
{
    None = 1,

    /// <summary>The host name did not resolve.</summary>
    Dns,

    /// <summary>No TCP connection (refused, unreachable).</summary>
    Connect,

    /// <summary>The TLS handshake failed, or the certificate is not valid for the host.</summary>
    Tls,

    /// <summary>No complete response within the timeout.</summary>
    Timeout,

    /// <summary>The server answered with something that is not HTTP.</summary>
    Protocol,
}
