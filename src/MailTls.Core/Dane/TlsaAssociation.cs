using System;
using System.Collections.Generic;
using System.Globalization;

namespace MailTls.Dane;

/// <summary>
/// One TLSA record's RDATA (RFC 6698 §2.1): certificate usage, selector, matching type and the
/// certificate association data. Immutable; the data is copied in and copied out. Says whether an
/// SMTP client may use it (RFC 7672 §3.1) and, when not, why.
/// </summary>
public sealed class TlsaAssociation : IEquatable<TlsaAssociation>
{
    /// <summary>PKIX-TA(0): unusable for SMTP (RFC 7672 §3.1.3).</summary>
    public const byte UsagePkixTa = 0;

    /// <summary>PKIX-EE(1): unusable for SMTP (RFC 7672 §3.1.3).</summary>
    public const byte UsagePkixEe = 1;

    /// <summary>DANE-TA(2): a trust anchor the server sends in its chain (RFC 7672 §3.1.2).</summary>
    public const byte UsageDaneTa = 2;

    /// <summary>DANE-EE(3): the server's own certificate or key (RFC 7672 §3.1.1).</summary>
    public const byte UsageDaneEe = 3;

    /// <summary>Cert(0): the whole DER certificate.</summary>
    public const byte SelectorFullCertificate = 0;

    /// <summary>SPKI(1): the DER SubjectPublicKeyInfo.</summary>
    public const byte SelectorPublicKey = 1;

    /// <summary>Full(0): the selected bytes themselves.</summary>
    public const byte MatchingExact = 0;

    /// <summary>SHA2-256(1).</summary>
    public const byte MatchingSha256 = 1;

    /// <summary>SHA2-512(2).</summary>
    public const byte MatchingSha512 = 2;

    private readonly byte[] _data;

    /// <summary>A record from its four fields; <paramref name="data"/> is copied. Any byte values are accepted (see <see cref="IsUsableForSmtp"/>).</summary>
    public TlsaAssociation(byte usage, byte selector, byte matchingType, byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        _data = (byte[])data.Clone();
        DataHex = Hex.Upper(_data);
        UnusableReason = FindUnusableReason(usage, selector, matchingType, _data.Length);
    }

    public byte Usage { get; }

    public byte Selector { get; }

    public byte MatchingType { get; }

    /// <summary>A copy of the certificate association data.</summary>
    public byte[] Data => (byte[])_data.Clone();

    /// <summary>The certificate association data as upper-case hex, no separators.</summary>
    public string DataHex { get; }

    /// <summary>Usage 2 or 3, selector 0 or 1, matching type 0-2, and a digest of the right length.</summary>
    public bool IsUsableForSmtp => UnusableReason.Length == 0;

    /// <summary>Why an SMTP client must ignore this record; empty when it is usable.</summary>
    public string UnusableReason { get; }

    /// <summary>Byte count of the association data.</summary>
    public int DataLength => _data.Length;

    /// <summary>"DANE-EE(3)", "PKIX-TA(0)"… or "usage 7".</summary>
    public string UsageName => Usage switch
    {
        UsagePkixTa => "PKIX-TA(0)",
        UsagePkixEe => "PKIX-EE(1)",
        UsageDaneTa => "DANE-TA(2)",
        UsageDaneEe => "DANE-EE(3)",
        _ => "usage " + Usage.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a DnsClient TLSA answer.</summary>
    internal static TlsaAssociation FromDnsRecord(DnsClient.Protocol.TlsaRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var data = new byte[record.CertificateAssociationData.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = record.CertificateAssociationData[i];
        }

        return new TlsaAssociation((byte)record.CertificateUsage, (byte)record.Selector, (byte)record.MatchingType, data);
    }

    /// <summary>
    /// Parses presentation format "3 1 1 C11D…": three decimal numbers 0-255, then the data as hex
    /// (spaces and tabs inside it are allowed). Anything up to and including a "TLSA" token is skipped,
    /// so a zone line or a dig answer line parses too. Never throws.
    /// </summary>
    /// <returns>false with a sentence in <paramref name="error"/>; then <paramref name="association"/> is null.</returns>
    public static bool TryParse(string? text, out TlsaAssociation? association, out string error)
    {
        association = null;
        error = string.Empty;
        var tokens = new List<string>((text ?? string.Empty).Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
        if (tokens.Count == 0)
        {
            error = "The TLSA record text is empty; write it as 'usage selector matching-type data', for example '3 1 1 0123…ABCD'.";
            return false;
        }

        var tlsa = tokens.FindLastIndex(t => string.Equals(t, "TLSA", StringComparison.OrdinalIgnoreCase));
        if (tlsa >= 0)
        {
            tokens.RemoveRange(0, tlsa + 1);
        }

        var shown = Shorten(text!.Trim());
        if (tokens.Count < 3)
        {
            error = $"'{shown}' has {tokens.Count} field(s) where a TLSA record needs 'usage selector matching-type data', for example '3 1 1 0123…ABCD'.";
            return false;
        }

        var names = new[] { "usage", "selector", "matching type" };
        var numbers = new byte[3];
        for (var i = 0; i < 3; i++)
        {
            if (!TryParseField(tokens[i], out numbers[i]))
            {
                error = $"The {names[i]} field '{Shorten(tokens[i])}' of '{shown}' is not a number from 0 to 255.";
                return false;
            }
        }

        var hex = string.Concat(tokens.GetRange(3, tokens.Count - 3));
        if (hex.Length == 0)
        {
            error = $"'{shown}' has no certificate association data: put the hex digits after the three numbers.";
            return false;
        }

        for (var i = 0; i < hex.Length; i++)
        {
            if (!Hex.IsDigit(hex[i]))
            {
                var c = hex[i];
                var what = c < ' ' || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
                error = $"The certificate association data contains {what}, which is not a hexadecimal digit (0-9, A-F).";
                return false;
            }
        }

        if (hex.Length % 2 != 0)
        {
            error = $"The certificate association data has an odd number of hex digits ({hex.Length}); every byte is two digits, so one is missing or extra.";
            return false;
        }

        association = new TlsaAssociation(numbers[0], numbers[1], numbers[2], Hex.Parse(hex));
        return true;
    }

    /// <summary>"3 1 1 C11D…" with the full data in upper-case hex.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1} {2} {3}", Usage, Selector, MatchingType, DataHex).TrimEnd();

    /// <summary>The record for a sentence: hashes in full, long exact data shortened with its length.</summary>
    internal string ToShortString()
    {
        if (DataHex.Length <= 128)
        {
            return ToString();
        }

        return string.Format(
            CultureInfo.InvariantCulture, "{0} {1} {2} {3}… ({4} bytes)", Usage, Selector, MatchingType, DataHex.Substring(0, 32), _data.Length);
    }

    public bool Equals(TlsaAssociation? other) =>
        other is not null
        && Usage == other.Usage
        && Selector == other.Selector
        && MatchingType == other.MatchingType
        && Certificates.CertificateFields.ByteArrayEquals(_data, other._data);

    public override bool Equals(object? obj) => obj is TlsaAssociation other && Equals(other);

    public override int GetHashCode()
    {
        var hash = (Usage << 16) | (Selector << 8) | MatchingType;
        foreach (var b in _data)
        {
            hash = unchecked((hash * 31) + b);
        }

        return hash;
    }

    private static bool TryParseField(string token, out byte value)
    {
        value = 0;
        if (token.Length is 0 or > 3)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var number = int.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture);
        if (number > 255)
        {
            return false;
        }

        value = (byte)number;
        return true;
    }

    private static string FindUnusableReason(byte usage, byte selector, byte matchingType, int length)
    {
        if (usage is UsagePkixTa or UsagePkixEe)
        {
            var name = usage == UsagePkixTa ? "PKIX-TA(0)" : "PKIX-EE(1)";
            return $"Usage {name} is unusable for SMTP: SMTP clients have no agreed set of public CAs, so RFC 7672 §3.1.3 has them ignore "
                + "usages 0 and 1; publish DANE-EE(3) or DANE-TA(2) instead.";
        }

        if (usage > UsageDaneEe)
        {
            return $"Usage {usage} is not defined (RFC 6698 §2.1.1 defines 0-3, and SMTP uses only DANE-TA(2) and DANE-EE(3)); the record is unusable.";
        }

        if (selector > SelectorPublicKey)
        {
            return $"Selector {selector} is not defined (0 = full certificate, 1 = SubjectPublicKeyInfo; RFC 6698 §2.1.2); the record is unusable.";
        }

        if (matchingType > MatchingSha512)
        {
            return $"Matching type {matchingType} is not defined (0 = exact, 1 = SHA-256, 2 = SHA-512; RFC 6698 §2.1.3); the record is unusable.";
        }

        var expected = matchingType switch
        {
            MatchingSha256 => 32,
            MatchingSha512 => 64,
            _ => -1,
        };
        if (expected > 0 && length != expected)
        {
            var algorithm = matchingType == MatchingSha256 ? "SHA-256" : "SHA-512";
            return $"The record is malformed: a {algorithm} (matching type {matchingType}) association is {expected} bytes "
                + $"({expected * 2} hex digits), this one is {length}; recompute it from the certificate.";
        }

        if (length == 0)
        {
            return "The record is malformed: its certificate association data is empty.";
        }

        return string.Empty;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
