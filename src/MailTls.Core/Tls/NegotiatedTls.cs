using System.Linq;
using MailKit;

namespace MailTls;

/// <summary>What a MailKit client negotiated, in the words MailTls reports it.</summary>
internal static class NegotiatedTls
{
    /// <summary>The TLS version of a secure connection; null without TLS.</summary>
    public static TlsVersion? Version(MailService client) => client.IsSecure ? TlsVersions.FromSslProtocols(client.SslProtocol) : null;

    /// <summary>The IANA name of the cipher suite, e.g. TLS_AES_256_GCM_SHA384; empty without TLS.</summary>
    public static string CipherSuite(MailService client)
    {
        if (!client.IsSecure)
        {
            return string.Empty;
        }
#if NET
        if (client.SslCipherSuite is { } suite)
        {
            return suite.ToString();
        }
#endif
        // MailKit's netstandard2.0 build (Windows PowerShell 5.1) cannot name the suite; describe it from its parts.
        var parts = new[] { client.SslKeyExchangeAlgorithm.ToString(), client.SslCipherAlgorithm.ToString(), client.SslHashAlgorithm.ToString() };
        return string.Join("-", parts.Where(p => p != "None"));
    }
}
