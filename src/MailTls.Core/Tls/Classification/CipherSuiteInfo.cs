using System.Globalization;

namespace MailTls.Tls;

/// <summary>One IANA cipher suite as the classification data describes it.</summary>
public sealed class CipherSuiteInfo
{
    internal CipherSuiteInfo(int code, string name, string keyExchange, string authentication, string encryption, int bits, string? mac, bool export, TlsVersion minimumVersion, TlsRating rating)
    {
        Code = code;
        Name = name;
        KeyExchange = keyExchange;
        Authentication = authentication;
        Encryption = encryption;
        Bits = bits;
        Mac = mac ?? string.Empty;
        IsExport = export;
        MinimumVersion = minimumVersion;
        Rating = rating;
    }

    /// <summary>The two-byte code, e.g. 0xC02B.</summary>
    public int Code { get; }

    /// <summary>The IANA name, e.g. TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.</summary>
    public string Name { get; }

    /// <summary>ECDHE, DHE, RSA, DH, ECDH, PSK, SRP, GOST…; "Any" for TLS 1.3 suites, which leave it to the groups.</summary>
    public string KeyExchange { get; }

    /// <summary>RSA, ECDSA, DSS, PSK…; "None" for anonymous suites; "Any" for TLS 1.3 suites.</summary>
    public string Authentication { get; }

    /// <summary>AES-GCM, AES-CBC, ChaCha20-Poly1305, 3DES-CBC, RC4, NULL…</summary>
    public string Encryption { get; }

    /// <summary>Symmetric strength in bits (3DES counts as 112, NULL as 0).</summary>
    public int Bits { get; }

    /// <summary>AEAD, SHA1, SHA256, SHA384, MD5…</summary>
    public string Mac { get; }

    /// <summary>An export-grade suite (40- or 56-bit keys by design).</summary>
    public bool IsExport { get; }

    /// <summary>The oldest version that can negotiate it (TLS 1.3 suites work only in TLS 1.3).</summary>
    public TlsVersion MinimumVersion { get; }

    public TlsRating Rating { get; }

    public bool IsTls13 => MinimumVersion == TlsVersion.Tls13;

    public bool IsAnonymous => Authentication == "None";

    public bool IsCbc => Encryption.EndsWith("-CBC", System.StringComparison.Ordinal);

    /// <summary>The server sends a ServerKeyExchange message for it: ephemeral or anonymous (EC)DH.</summary>
    public bool HasServerKeyExchange => KeyExchange is "ECDHE" or "DHE" || (IsAnonymous && KeyExchange is "DH" or "ECDH");

    /// <summary>Whether <paramref name="version"/> can negotiate this suite.</summary>
    public bool ValidFor(TlsVersion version) => IsTls13 ? version == TlsVersion.Tls13 : version != TlsVersion.Tls13 && version >= MinimumVersion;

    public string CodeText => "0x" + Code.ToString("X4", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Name} ({CodeText})";
}
