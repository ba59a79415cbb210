using System.Security.Authentication;

namespace MailTls;

/// <summary>A TLS (or SSL) protocol version, oldest first, so that the lowest of several is their minimum.</summary>
/// <remarks>64-bit, like every MailTls enum: ConvertTo-Json writes such enums by name.</remarks>
public enum TlsVersion : long
{
    Ssl2 = 1,
    Ssl3,
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}

/// <summary>Conversions and judgements for <see cref="TlsVersion"/>.</summary>
public static class TlsVersions
{
    /// <summary>The version .NET negotiated; null for none (or one .NET does not name).</summary>
    public static TlsVersion? FromSslProtocols(SslProtocols protocol) =>
        // By name: the enum members for SSL 2/3, TLS 1.0 and 1.1 are obsolete, so naming them warns.
        protocol.ToString() switch
        {
            "Ssl2" => TlsVersion.Ssl2,
            "Ssl3" => TlsVersion.Ssl3,
            "Tls" => TlsVersion.Tls10,
            "Tls11" => TlsVersion.Tls11,
            "Tls12" => TlsVersion.Tls12,
            "Tls13" => TlsVersion.Tls13,
            _ => null,
        };

    /// <summary>Versions RFC 8996 deprecates and RFC 8461 (MTA-STS) refuses: below TLS 1.2.</summary>
    public static bool IsLegacy(this TlsVersion version) => version < TlsVersion.Tls12;

    /// <summary>"TLS 1.2", "SSL 3.0": as people write it.</summary>
    public static string DisplayName(this TlsVersion version) => version switch
    {
        TlsVersion.Ssl2 => "SSL 2.0",
        TlsVersion.Ssl3 => "SSL 3.0",
        TlsVersion.Tls10 => "TLS 1.0",
        TlsVersion.Tls11 => "TLS 1.1",
        TlsVersion.Tls12 => "TLS 1.2",
        _ => "TLS 1.3",
    };
}
