namespace MailTls;

/// <summary>The SSL/TLS versions MailTls probes, oldest first (SSL 2.0 is not probed: nothing answers it any more).</summary>
public enum TlsProtocolVersion
{
    Ssl30,
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}
