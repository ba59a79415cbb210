using System.Globalization;

namespace MailTls.Tls;

/// <summary>One named key-exchange group (elliptic curve, finite-field group or hybrid) from the classification data.</summary>
public sealed class GroupInfo
{
    internal GroupInfo(int code, string name, string kind, int bits, bool tls13, bool tls12, TlsRating rating)
    {
        Code = code;
        Name = name;
        Kind = kind;
        Bits = bits;
        UsableInTls13 = tls13;
        UsableInTls12 = tls12;
        Rating = rating;
    }

    /// <summary>The NamedGroup code, e.g. 29 for x25519.</summary>
    public int Code { get; }

    /// <summary>The IANA name: x25519, secp256r1, ffdhe2048, X25519MLKEM768…</summary>
    public string Name { get; }

    /// <summary>EC, FFDHE or Hybrid.</summary>
    public string Kind { get; }

    /// <summary>The size of the group (prime or curve), e.g. 256 for secp256r1, 2048 for ffdhe2048.</summary>
    public int Bits { get; }

    /// <summary>TLS 1.3 may negotiate it.</summary>
    public bool UsableInTls13 { get; }

    /// <summary>TLS 1.2 and older may use it for ECDHE (the finite-field groups are not curves).</summary>
    public bool UsableInTls12 { get; }

    public TlsRating Rating { get; }

    public override string ToString() => Name;

    internal static string Unknown(int code) => "group 0x" + code.ToString("X4", CultureInfo.InvariantCulture);
}
