using System;
using System.Collections.Generic;

namespace MailTls.Tls;

/// <summary>The versions the enumerator probes, and their wire codes.</summary>
public static class TlsVersionCodes
{
    /// <summary>Every version the enumerator probes, oldest first: SSL 2.0 is not probed, nothing answers it any more.</summary>
    public static IReadOnlyList<TlsVersion> All { get; } = new[] { TlsVersion.Ssl3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 };

    /// <summary>The ProtocolVersion value on the wire (0x0300 … 0x0304; 0x0002 for SSL 2.0).</summary>
    public static int WireCode(this TlsVersion version) => version switch
    {
        TlsVersion.Ssl2 => 0x0002,
        TlsVersion.Ssl3 => 0x0300,
        TlsVersion.Tls10 => 0x0301,
        TlsVersion.Tls11 => 0x0302,
        TlsVersion.Tls12 => 0x0303,
        TlsVersion.Tls13 => 0x0304,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>The version for a wire code from SSL 3.0 on, or null (SSL 2.0, DTLS, anything unknown).</summary>
    public static TlsVersion? FromWireCode(int code) => code switch
    {
        0x0300 => TlsVersion.Ssl3,
        0x0301 => TlsVersion.Tls10,
        0x0302 => TlsVersion.Tls11,
        0x0303 => TlsVersion.Tls12,
        0x0304 => TlsVersion.Tls13,
        _ => null,
    };

    /// <summary>The version for "TLS 1.2" (as the classification data writes it), or null.</summary>
    public static TlsVersion? FromDisplayName(string? name)
    {
        foreach (var version in All)
        {
            if (string.Equals(version.DisplayName(), name, StringComparison.Ordinal))
            {
                return version;
            }
        }

        return null;
    }
}
