using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;

namespace MailTls.Dane;

/// <summary>
/// Matches what an SMTP server presented against its TLSA records the way a DANE-validating sender
/// does (RFC 7672 §3.1, RFC 7671 §5, RFC 6698 §2.1). A mismatch is a result, never an exception.
/// </summary>
public static class DaneMatcher
{
    /// <summary>
    /// The bytes a TLSA record with this selector and matching type holds for <paramref name="certificate"/>:
    /// selector 0 the DER certificate, 1 its DER SubjectPublicKeyInfo; matching type 0 as is, 1 SHA-256,
    /// 2 SHA-512. The same code on every target framework (the SPKI is read from the DER).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined selector or matching type.</exception>
    public static byte[] ComputeAssociationData(X509Certificate2 certificate, byte selector, byte matchingType)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        if (matchingType > TlsaAssociation.MatchingSha512)
        {
            throw new ArgumentOutOfRangeException(nameof(matchingType), matchingType, "The matching type must be 0 (exact), 1 (SHA-256) or 2 (SHA-512).");
        }

        byte[] selected = selector switch
        {
            TlsaAssociation.SelectorFullCertificate => certificate.RawData,
            TlsaAssociation.SelectorPublicKey => CertificateFields.ReadSubjectPublicKeyInfo(certificate)
                ?? throw new ArgumentException("The certificate's DER cannot be read far enough to find its SubjectPublicKeyInfo.", nameof(certificate)),
            _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, "The selector must be 0 (full certificate) or 1 (SubjectPublicKeyInfo)."),
        };

        switch (matchingType)
        {
            case TlsaAssociation.MatchingSha256:
            {
                using var sha = SHA256.Create();
                return sha.ComputeHash(selected);
            }

            case TlsaAssociation.MatchingSha512:
            {
                using var sha = SHA512.Create();
                return sha.ComputeHash(selected);
            }

            default:
                return selected; // RawData and ReadSubjectPublicKeyInfo both hand out fresh arrays
        }
    }

    /// <summary>
    /// Does any usable record in <paramref name="records"/> authenticate the server? <paramref name="leaf"/> is
    /// its certificate; <paramref name="sentByServer"/> everything it sent (the leaf may be in it);
    /// <paramref name="referenceNames"/> the names a DANE-TA(2) leaf must carry: the MX host name and, when
    /// different, the TLSA base domain (RFC 7672 §3.2.2). <paramref name="now"/> is the validation time.
    /// Throws only for caller mistakes (null arguments or null entries).
    /// </summary>
    public static DaneMatchResult Match(
        IReadOnlyList<TlsaAssociation> records,
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        IReadOnlyList<string> referenceNames,
        DateTimeOffset now) =>
        Match(records, leaf, sentByServer, referenceNames, now, ChainBuilder.DefaultStrategy);

    internal static DaneMatchResult Match(
        IReadOnlyList<TlsaAssociation> records,
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        IReadOnlyList<string> referenceNames,
        DateTimeOffset now,
        ChainStrategy strategy)
    {
        CheckList(records, nameof(records));
        if (leaf is null)
        {
            throw new ArgumentNullException(nameof(leaf));
        }

        CheckList(sentByServer, nameof(sentByServer));
        CheckList(referenceNames, nameof(referenceNames));

        var leafName = CertificateFields.DisplayName(leaf.SubjectName);
        var unusable = records.Where(r => !r.IsUsableForSmtp).ToList();
        var tried = new List<string>();
        foreach (var record in records.Where(r => r.IsUsableForSmtp))
        {
            var outcome = record.Usage == TlsaAssociation.UsageDaneEe
                ? TryEndEntity(record, leaf, leafName)
                : TryTrustAnchor(record, leaf, leafName, sentByServer, referenceNames, now, strategy);
            if (outcome.Matched)
            {
                var before = tried.Count == 0
                    ? string.Empty
                    : $" Tried before it without a match: {string.Join(" ", tried.Select(t => t + "."))}";
                return new DaneMatchResult(true, record, outcome.Text + before);
            }

            tried.Add($"[{tried.Count + 1}] {record.ToShortString()} — {outcome.Text}");
        }

        return new DaneMatchResult(false, null, Mismatch(records.Count, tried, unusable, leaf, leafName));
    }

    // DANE-EE(3), RFC 7672 §3.1.1: the leaf alone; its names and validity dates play no part.
    private static (bool Matched, string Text) TryEndEntity(TlsaAssociation record, X509Certificate2 leaf, string leafName)
    {
        var actual = TryCompute(leaf, record.Selector, record.MatchingType);
        if (actual is null)
        {
            return (false, "DANE-EE(3), but the leaf's DER cannot be read to compute its value");
        }

        var what = Describe(record.Selector, record.MatchingType);
        if (CertificateFields.ByteArrayEquals(actual, record.Data))
        {
            return (true, $"TLSA {record.ToShortString()} matches the {what} of the server's certificate '{leafName}'. "
                + "DANE-EE(3) pins the server's own certificate or key, so its names and validity dates are not checked (RFC 7672 §3.1.1); "
                + "publish the next key's record before you replace the key.");
        }

        return (false, record.MatchingType == TlsaAssociation.MatchingExact
            ? $"DANE-EE(3), the leaf's {what} ({actual.Length} bytes) is different"
            : $"DANE-EE(3), the leaf's {what} is {Hex.Upper(actual)}, not this value");
    }

    // DANE-TA(2), RFC 7672 §3.1.2 and RFC 7671 §5.2: an issuer the server sent matches the record, the leaf
    // chains to it with only what the server sent, is inside its validity dates and carries a reference name.
    private static (bool Matched, string Text) TryTrustAnchor(
        TlsaAssociation record,
        X509Certificate2 leaf,
        string leafName,
        IReadOnlyList<X509Certificate2> sentByServer,
        IReadOnlyList<string> referenceNames,
        DateTimeOffset now,
        ChainStrategy strategy)
    {
        // A trust anchor is an issuer: only the certificates sent besides the leaf qualify (a leaf that
        // matches is DANE-EE's business). RFC 7671 §5.2.2 also lets a 2 1 x record name a key the server
        // does not send as a certificate; like most MTAs, this takes only a sent certificate whose SPKI matches.
        var leafRaw = leaf.RawData;
        var issuers = sentByServer.Where(c => !CertificateFields.ByteArrayEquals(c.RawData, leafRaw)).ToList();
        if (issuers.Count == 0)
        {
            return (false, "DANE-TA(2), but the server sent only its leaf certificate, so there is no trust anchor to compare; "
                + "configure it to send the full chain including the CA this record names (RFC 7672 §3.1.2)");
        }

        var anchors = issuers
            .Where(c => TryCompute(c, record.Selector, record.MatchingType) is { } value && CertificateFields.ByteArrayEquals(value, record.Data))
            .ToList();
        if (anchors.Count == 0)
        {
            var sent = string.Join(", ", issuers.Select(c => $"'{CertificateFields.DisplayName(c.SubjectName)}'"));
            return (false, $"DANE-TA(2), but none of the CA certificates the server sent ({sent}) matches it; the server must send the CA "
                + "this record names, or the record must name one it sends");
        }

        var (notBefore, notAfter) = CertificateFields.ReadValidity(leaf);
        if (now > notAfter)
        {
            return (false, $"DANE-TA(2): '{CertificateFields.DisplayName(anchors[0].SubjectName)}' matches, but the leaf '{leafName}' expired on "
                + $"{Day(notAfter)}; DANE-TA checks validity dates (only DANE-EE(3) ignores them), so renew the certificate");
        }

        if (now < notBefore)
        {
            return (false, $"DANE-TA(2): '{CertificateFields.DisplayName(anchors[0].SubjectName)}' matches, but the leaf '{leafName}' is not valid "
                + $"before {Day(notBefore)}; check the server's clock or the certificate's dates");
        }

        var problems = new List<string>();
        foreach (var anchor in anchors)
        {
            var anchorName = CertificateFields.DisplayName(anchor.SubjectName);
            if (!DaneChain.ChainsTo(leaf, sentByServer, anchor, now, strategy, out var problem))
            {
                problems.Add($"'{anchorName}' matches, but {problem}");
                continue;
            }

            var matchedName = referenceNames.FirstOrDefault(n => HostNameMatcher.CertificateMatches(leaf, n, out _));
            if (matchedName is null)
            {
                var presented = PresentedNames(leaf);
                var names = presented.Count == 0 ? "no DNS names" : string.Join(", ", presented);
                var wanted = referenceNames.Count == 0 ? "none were given" : string.Join(", ", referenceNames);
                problems.Add($"'{anchorName}' matches and the leaf chains to it, but the leaf's names ({names}) match none of the reference names "
                    + $"({wanted}); DANE-TA(2) requires the MX host name (or the TLSA base domain) in the certificate (RFC 7672 §3.2.2)");
                continue;
            }

            return (true, $"TLSA {record.ToShortString()} matches '{anchorName}', which the server sent; the leaf '{leafName}' chains to it, "
                + $"is valid until {Day(notAfter)} and matches the name {matchedName} (DANE-TA(2), RFC 7672 §3.1.2). Keep sending that CA "
                + "certificate in the chain, and publish the next CA's record before the CA changes.");
        }

        return (false, "DANE-TA(2): " + string.Join("; ", problems));
    }

    private static string Mismatch(
        int recordCount,
        List<string> tried,
        List<TlsaAssociation> unusable,
        X509Certificate2 leaf,
        string leafName)
    {
        var parts = new List<string>();
        if (recordCount == 0)
        {
            parts.Add("No TLSA records were given, so nothing can match.");
        }
        else if (tried.Count == 0)
        {
            parts.Add($"None of the {recordCount} TLSA record(s) is usable for SMTP, so nothing can match.");
        }
        else
        {
            parts.Add($"No usable TLSA record matches what the server presented. Tried {tried.Count}: {string.Join(" ", tried.Select(t => t + "."))}");
        }

        if (unusable.Count > 0)
        {
            parts.Add("Ignored as unusable for SMTP: "
                + string.Join("; ", unusable.Select(r => $"{r.ToShortString()} ({r.UnusableReason.TrimEnd('.')})")) + ".");
        }

        var spki = TryCompute(leaf, TlsaAssociation.SelectorPublicKey, TlsaAssociation.MatchingSha256);
        parts.Add(spki is null
            ? $"The server presented '{leafName}', whose DER cannot be read to compute a TLSA record; check the certificate."
            : $"The server presented '{leafName}', whose public key (SPKI) SHA-256 is {Hex.Upper(spki)}: to authenticate this key, "
                + $"publish '3 1 1 {Hex.Upper(spki)}', or fix the records above.");
        return string.Join(" ", parts);
    }

    // ComputeAssociationData for a defined selector and matching type; null when the certificate's DER cannot be walked.
    private static byte[]? TryCompute(X509Certificate2 certificate, byte selector, byte matchingType)
    {
        try
        {
            return ComputeAssociationData(certificate, selector, matchingType);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // What a DANE-TA name check compares with (HostNameMatcher's rules): the DNS SANs, else the subject CN.
    private static IReadOnlyList<string> PresentedNames(X509Certificate2 leaf)
    {
        var names = HostNameMatcher.GetDnsNames(leaf);
        if (names.Count > 0)
        {
            return names;
        }

        var commonName = CertificateFields.GetCommonName(leaf.SubjectName);
        return commonName is null ? Array.Empty<string>() : new[] { commonName };
    }

    private static string Describe(byte selector, byte matchingType)
    {
        var what = selector == TlsaAssociation.SelectorFullCertificate ? "certificate" : "public key (SPKI)";
        return matchingType switch
        {
            TlsaAssociation.MatchingSha256 => what + " SHA-256",
            TlsaAssociation.MatchingSha512 => what + " SHA-512",
            _ => "full " + what,
        };
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void CheckList<T>(IReadOnlyList<T> list, string name)
        where T : class
    {
        if (list is null)
        {
            throw new ArgumentNullException(name);
        }

        if (list.Any(item => item is null))
        {
            throw new ArgumentException($"The list '{name}' contains a null entry.", name);
        }
    }
}
