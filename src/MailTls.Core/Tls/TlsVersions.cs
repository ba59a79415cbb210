using System;
using System.Collections.Generic;

namespace MailTls.Tls;

/// <summary>Names and wire codes of the TLS versions.</summary>
public static class TlsVersions
{
    /// <summary>Every version MailTls probes, oldest first.</summary>
    public static IReadOnlyList<TlsProtocolVersion> All { get; } = new[]
    {
        TlsProtocolVersion.Ssl30, TlsProtocolVersion.Tls10, TlsProtocolVersion.Tls11, TlsProtocolVersion.Tls12, TlsProtocolVersion.Tls13,
    };

    /// <summary>"SSL 3.0", "TLS 1.0" … "TLS 1.3", as the guidelines and the IANA registry write them.</summary>
    public static string DisplayName(this TlsProtocolVersion version) => version switch
    {
        TlsProtocolVersion.Ssl30 => "SSL 3.0",
        TlsProtocolVersion.Tls10 => "TLS 1.0",
        TlsProtocolVersion.Tls11 => "TLS 1.1",
        TlsProtocolVersion.Tls12 => "TLS 1.2",
        TlsProtocolVersion.Tls13 => "TLS 1.3",
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>The ProtocolVersion value on the wire (0x0300 … 0x0304).</summary>
    public static int WireCode(this TlsProtocolVersion version) => 0x0300 + (int)version;

    /// <summary>The version for a wire code, or null for SSL 2.0, DTLS and anything unknown.</summary>
    public static TlsProtocolVersion? FromWireCode(int code) =>
        code is >= 0x0300 and <= 0x0304 ? (TlsProtocolVersion)(code - 0x0300) : null;

    /// <summary>The version for "TLS 1.2" (as in the classification data), or null.</summary>
    public static TlsProtocolVersion? FromDisplayName(string? name)
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

    /// <summary>Versions older than TLS 1.2, which NCSC-NL rates Insufficient and Mozilla only keeps in its "old" profile.</summary>
    public static bool IsLegacy(this TlsProtocolVersion version) => version < TlsProtocolVersion.Tls12;
}
