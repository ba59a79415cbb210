namespace MailTls.Tls;

/// <summary>How far one probe's handshake goes before it is aborted.</summary>
internal enum ProbeDepth
{
    /// <summary>Stop at the ServerHello (or HelloRetryRequest): version, suite and TLS 1.3 group are known.</summary>
    ServerHello,

    /// <summary>Go on to the certificate and the ServerKeyExchange (curve, DH prime), then stop: no extra round trip before TLS 1.3.</summary>
    Certificate,
}
