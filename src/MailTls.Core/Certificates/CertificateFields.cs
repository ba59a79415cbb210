using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailTls.Certificates;

/// <summary>
/// Reads what X509Certificate2 does not expose the same way on every target framework
/// (subjectAltName entries, the subject CN, the key and the signature algorithm) straight
/// from the DER with System.Formats.Asn1. One code path for netstandard2.0 and net8.0.
/// Nothing here throws for a malformed certificate: it returns what it could read.
/// </summary>
internal static class CertificateFields
{
    internal const string SubjectAltNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Ed448Oid = "1.3.101.113";

    private static readonly Asn1Tag DnsNameTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag IPAddressTag = new(TagClass.ContextSpecific, 7);

    // Named curves and their field size in bits.
    private static readonly Dictionary<string, int> CurveBits = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.3.1.1"] = 192, // P-192
        ["1.3.132.0.33"] = 224, // P-224
        ["1.2.840.10045.3.1.7"] = 256, // P-256
        ["1.3.132.0.34"] = 384, // P-384
        ["1.3.132.0.35"] = 521, // P-521
        ["1.3.132.0.10"] = 256, // secp256k1
        ["1.3.36.3.3.2.8.1.1.7"] = 256, // brainpoolP256r1
        ["1.3.36.3.3.2.8.1.1.11"] = 384, // brainpoolP384r1
        ["1.3.36.3.3.2.8.1.1.13"] = 512, // brainpoolP512r1
    };

    // The names Windows gives these OIDs, so the text is the same on every platform.
    private static readonly Dictionary<string, string> SignatureNames = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = "md2RSA",
        ["1.2.840.113549.1.1.3"] = "md4RSA",
        ["1.2.840.113549.1.1.4"] = "md5RSA",
        ["1.2.840.113549.1.1.5"] = "sha1RSA",
        ["1.2.840.113549.1.1.11"] = "sha256RSA",
        ["1.2.840.113549.1.1.12"] = "sha384RSA",
        ["1.2.840.113549.1.1.13"] = "sha512RSA",
        ["1.2.840.113549.1.1.14"] = "sha224RSA",
        ["1.2.840.113549.1.1.10"] = "RSASSA-PSS",
        ["1.3.14.3.2.3"] = "md5RSA",
        ["1.3.14.3.2.29"] = "sha1RSA",
        ["1.3.14.3.2.13"] = "sha1DSA",
        ["1.3.14.3.2.27"] = "dsaSHA1",
        ["1.2.840.10040.4.3"] = "sha1DSA",
        ["2.16.840.1.101.3.4.3.2"] = "sha256DSA",
        ["1.2.840.10045.4.1"] = "sha1ECDSA",
        ["1.2.840.10045.4.3.1"] = "sha224ECDSA",
        ["1.2.840.10045.4.3.2"] = "sha256ECDSA",
        ["1.2.840.10045.4.3.3"] = "sha384ECDSA",
        ["1.2.840.10045.4.3.4"] = "sha512ECDSA",
        ["1.3.101.112"] = "Ed25519",
        ["1.3.101.113"] = "Ed448",
    };

    // Signature algorithms whose digest is broken, and the digest's name.
    private static readonly Dictionary<string, string> WeakSignatureDigests = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = "MD2",
        ["1.2.840.113549.1.1.3"] = "MD4",
        ["1.2.840.113549.1.1.4"] = "MD5",
        ["1.2.840.113549.1.1.5"] = "SHA-1",
        ["1.3.14.3.2.3"] = "MD5",
        ["1.3.14.3.2.29"] = "SHA-1",
        ["1.3.14.3.2.13"] = "SHA-1",
        ["1.3.14.3.2.27"] = "SHA-1",
        ["1.2.840.10040.4.3"] = "SHA-1",
        ["1.2.840.10045.4.1"] = "SHA-1",
    };

    // Digest OIDs that can appear in RSASSA-PSS parameters.
    private static readonly Dictionary<string, string> WeakDigests = new(StringComparer.Ordinal)
    {
        ["1.3.14.3.2.26"] = "SHA-1",
        ["1.2.840.113549.2.5"] = "MD5",
        ["1.2.840.113549.2.2"] = "MD2",
    };

    /// <summary>The dNSName and iPAddress entries of the subjectAltName extension, in certificate order.</summary>
    internal static void ReadSubjectAltNames(X509Certificate2 certificate, List<string> dnsNames, List<IPAddress> addresses)
    {
        X509Extension? extension;
        try
        {
            extension = certificate.Extensions[SubjectAltNameOid];
        }
        catch (CryptographicException)
        {
            return;
        }

        if (extension?.RawData is not { Length: > 0 } raw)
        {
            return;
        }

        try
        {
            var names = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(DnsNameTag) && !tag.IsConstructed)
                {
                    dnsNames.Add(Latin1(names.ReadOctetString(DnsNameTag)));
                }
                else if (tag.HasSameClassAndValue(IPAddressTag) && !tag.IsConstructed)
                {
                    var bytes = names.ReadOctetString(IPAddressTag);
                    if (bytes.Length is 4 or 16)
                    {
                        addresses.Add(new IPAddress(bytes));
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // Keep what was read before the malformed part.
        }
    }

    /// <summary>The most specific (last) CN of a distinguished name, or null.</summary>
    internal static string? GetCommonName(X500DistinguishedName name)
    {
        string? commonName = null;
        try
        {
            var rdns = new AsnReader(name.RawData, AsnEncodingRules.BER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    if (type == CommonNameOid && attribute.HasData)
                    {
                        commonName = ReadDirectoryString(attribute) ?? commonName;
                    }
                }
            }
        }
        catch (AsnContentException)
        {
        }

        return commonName;
    }

    /// <summary>The CN, else the whole name as .NET prints it: what to call a certificate in a sentence.</summary>
    internal static string DisplayName(X500DistinguishedName name)
    {
        var cn = GetCommonName(name);
        if (!string.IsNullOrEmpty(cn))
        {
            return cn!;
        }

        var text = name.Name;
        return string.IsNullOrEmpty(text) ? "(empty name)" : text;
    }

    internal static bool IsSelfIssued(X509Certificate2 certificate) =>
        ByteArrayEquals(certificate.SubjectName.RawData, certificate.IssuerName.RawData);

    internal static bool ByteArrayEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The signature algorithm: readable name, OID, and the broken digest it uses (null when none).</summary>
    internal static (string Name, string Oid, string? WeakDigest) ReadSignatureAlgorithm(X509Certificate2 certificate)
    {
        string oid;
        byte[]? parameters = null;
        try
        {
            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue }
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.BER).ReadSequence();
            outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
            if (algorithm.HasData)
            {
                parameters = algorithm.ReadEncodedValue().ToArray();
            }
        }
        catch (AsnContentException)
        {
            oid = certificate.SignatureAlgorithm.Value ?? string.Empty;
        }

        string? weak;
        if (oid == RsaPssOid)
        {
            weak = PssDigestIsWeak(parameters);
        }
        else
        {
            weak = WeakSignatureDigests.TryGetValue(oid, out var digest) ? digest : null;
        }

        return (ReadableOid(oid, SignatureNames), oid, weak);
    }

    /// <summary>notBefore and notAfter as the certificate states them (UTC), without a round trip through local time.</summary>
    internal static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ReadValidity(X509Certificate2 certificate)
    {
        try
        {
            var tbs = new AsnReader(certificate.RawData, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.ReadEncodedValue(); // version
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            var validity = tbs.ReadSequence();
            return (ReadTime(validity), ReadTime(validity));
        }
        catch (AsnContentException)
        {
            return (ToUtc(certificate.NotBefore), ToUtc(certificate.NotAfter));
        }
    }

    /// <summary>The public key: readable algorithm name and size in bits (0 when unknown).</summary>
    internal static (string Algorithm, int Bits) ReadPublicKey(X509Certificate2 certificate)
    {
        string oid;
        byte[]? parameters = null;
        byte[] key;
        try
        {
            var tbs = new AsnReader(certificate.RawData, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.ReadEncodedValue(); // version
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            tbs.ReadEncodedValue(); // validity
            tbs.ReadEncodedValue(); // subject
            var spki = tbs.ReadSequence();
            var algorithm = spki.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
            if (algorithm.HasData)
            {
                parameters = algorithm.ReadEncodedValue().ToArray();
            }

            key = spki.ReadBitString(out _);
        }
        catch (AsnContentException)
        {
            return (certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown", 0);
        }

        try
        {
            switch (oid)
            {
                case RsaOid:
                case RsaPssOid:
                {
                    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
                    var rsa = new AsnReader(key, AsnEncodingRules.BER).ReadSequence();
                    return (oid == RsaOid ? "RSA" : "RSASSA-PSS", BitLength(rsa.ReadIntegerBytes().Span));
                }

                case EcPublicKeyOid:
                {
                    if (parameters is not null)
                    {
                        var curveReader = new AsnReader(parameters, AsnEncodingRules.BER);
                        if (curveReader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier)
                            && CurveBits.TryGetValue(curveReader.ReadObjectIdentifier(), out var bits))
                        {
                            return ("ECDSA", bits);
                        }
                    }

                    // Unknown or explicit curve: an uncompressed point is 04 || X || Y.
                    return ("ECDSA", key.Length > 1 && key[0] == 4 ? (key.Length - 1) / 2 * 8 : 0);
                }

                case DsaOid:
                {
                    // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }
                    var bits = 0;
                    if (parameters is not null)
                    {
                        var dss = new AsnReader(parameters, AsnEncodingRules.BER).ReadSequence();
                        bits = BitLength(dss.ReadIntegerBytes().Span);
                    }

                    return ("DSA", bits);
                }

                case Ed25519Oid:
                    return ("Ed25519", 256);
                case Ed448Oid:
                    return ("Ed448", 448);
                default:
                    return (ReadableOid(oid, null), 0);
            }
        }
        catch (AsnContentException)
        {
            return (ReadableOid(oid, null), 0);
        }
    }

    /// <summary>
    /// The DER SubjectPublicKeyInfo exactly as it appears in the certificate (what a TLSA selector 1
    /// hashes), or null when the DER cannot be walked. netstandard2.0 has no ExportSubjectPublicKeyInfo.
    /// </summary>
    internal static byte[]? ReadSubjectPublicKeyInfo(X509Certificate2 certificate)
    {
        try
        {
            var tbs = new AsnReader(certificate.RawData, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.ReadEncodedValue(); // version
            }

            for (var i = 0; i < 5; i++)
            {
                tbs.ReadEncodedValue(); // serialNumber, signature, issuer, validity, subject
            }

            return tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence) ? tbs.ReadEncodedValue().ToArray() : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    // Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }; UTCTime years 50-99 are 19xx (RFC 5280).
    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime)
            ? reader.ReadUtcTime(2049).ToUniversalTime()
            : reader.ReadGeneralizedTime().ToUniversalTime();

    private static DateTimeOffset ToUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime(), TimeSpan.Zero);

    private static string? PssDigestIsWeak(byte[]? parameters)
    {
        // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... }
        if (parameters is null)
        {
            return "SHA-1";
        }

        try
        {
            var reader = new AsnReader(parameters, AsnEncodingRules.BER);
            if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.Null))
            {
                return "SHA-1";
            }

            var pss = reader.ReadSequence();
            var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (!pss.HasData || !pss.PeekTag().HasSameClassAndValue(hashTag))
            {
                return "SHA-1";
            }

            var digest = pss.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier();
            return WeakDigests.TryGetValue(digest, out var weak) ? weak : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static string? ReadDirectoryString(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass != TagClass.Universal)
        {
            reader.ReadEncodedValue();
            return null;
        }

        switch ((UniversalTagNumber)tag.TagValue)
        {
            case UniversalTagNumber.UTF8String:
            case UniversalTagNumber.PrintableString:
            case UniversalTagNumber.IA5String:
            case UniversalTagNumber.BMPString:
            case UniversalTagNumber.UniversalString:
            case UniversalTagNumber.VisibleString:
                return reader.ReadCharacterString((UniversalTagNumber)tag.TagValue);
            case UniversalTagNumber.T61String:
                return Latin1(reader.ReadOctetString(new Asn1Tag(UniversalTagNumber.T61String)));
            default:
                reader.ReadEncodedValue();
                return null;
        }
    }

    private static string ReadableOid(string oid, Dictionary<string, string>? names)
    {
        if (names is not null && names.TryGetValue(oid, out var name))
        {
            return name;
        }

        try
        {
            var friendly = new Oid(oid).FriendlyName;
            return string.IsNullOrEmpty(friendly) ? oid : friendly!;
        }
        catch (CryptographicException)
        {
            return oid;
        }
    }

    private static int BitLength(ReadOnlySpan<byte> bigEndian)
    {
        var i = 0;
        while (i < bigEndian.Length && bigEndian[i] == 0)
        {
            i++;
        }

        if (i == bigEndian.Length)
        {
            return 0;
        }

        var top = bigEndian[i];
        var bits = 0;
        while (top != 0)
        {
            bits++;
            top >>= 1;
        }

        return ((bigEndian.Length - i - 1) * 8) + bits;
    }

    // dNSName is IA5String; a byte outside ASCII stays visible and can never match an LDH name.
    private static string Latin1(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            builder.Append((char)b);
        }

        return builder.ToString();
    }
}
