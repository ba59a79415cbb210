using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MailTls.Tls;

/// <summary>
/// Turns what the probes found (versions, suites, DH primes, certificates) into findings with a
/// severity and a fix. Pure: the same facts always give the same findings.
/// </summary>
public static class TlsRules
{
    private const int ShownNames = 3;

    /// <summary>Findings from the quick scan: legacy versions accepted, legacy versions only, versions that could not be tested.</summary>
    public static FindingList ForProtocolScan(TlsProtocolScan scan)
    {
        if (scan is null)
        {
            throw new ArgumentNullException(nameof(scan));
        }

        var findings = Versions(scan.Support).ToList();
        if (scan.Failure.Length == 0)
        {
            findings.AddRange(Untested(TlsVersionCodes.All.Where(v => scan.Support(v) == TlsSupport.Unknown).Select(v => v.DisplayName()).ToArray(), "the quick scan"));
        }

        return new FindingList(findings);
    }

    /// <summary>
    /// Findings from a full enumeration: the version findings, weak suites (RC4, 3DES, NULL, export,
    /// anonymous), CBC-only TLS 1.2, DH primes under 2048 bits, certificate keys under 2048 bits, and
    /// what could not be tested.
    /// </summary>
    /// <param name="enumeration">The facts.</param>
    /// <param name="opportunistic">The endpoint is an MX host's port 25, where senders encrypt without authenticating the server.</param>
    public static FindingList ForEnumeration(TlsEnumeration enumeration, bool opportunistic)
    {
        if (enumeration is null)
        {
            throw new ArgumentNullException(nameof(enumeration));
        }

        var findings = new List<Finding>();
        if (enumeration.Failure.Length > 0)
        {
            return new FindingList(findings);
        }

        var support = enumeration.Versions.ToDictionary(v => v.Version, v => v.Support);
        findings.AddRange(Versions(v => support[v]));
        if (enumeration.Versions.All(v => v.Support == TlsSupport.NotAccepted))
        {
            findings.Add(new Finding(FindingCodes.TlsHandshakeFailed, Severity.Error,
                "The server accepted none of SSL 3.0, TLS 1.0, 1.1, 1.2 and 1.3 with any cipher suite: senders cannot establish TLS and deliver in clear text or not at all. Check the server's certificate, key and TLS settings (the server log names the TLS error)."));
        }

        var accepted = enumeration.Versions.SelectMany(v => v.Suites.Select(s => (v.Version, s))).ToList();
        findings.AddRange(WeakSuites(accepted, opportunistic));
        findings.AddRange(CbcOnly(enumeration));
        findings.AddRange(WeakDh(accepted));
        findings.AddRange(WeakKeys(enumeration));
        findings.AddRange(Untested(Incomplete(enumeration), "the enumeration"));
        return new FindingList(findings);
    }

    internal static IEnumerable<Finding> Versions(Func<TlsVersion, TlsSupport> support)
    {
        var legacy = TlsVersionCodes.All.Where(v => v.IsLegacy() && support(v) == TlsSupport.Accepted).ToArray();
        if (legacy.Length == 0)
        {
            yield break;
        }

        var names = Join(legacy.Select(v => v.DisplayName()).ToArray());
        var modern = new[] { TlsVersion.Tls12, TlsVersion.Tls13 };
        var modernAccepted = modern.Where(v => support(v) == TlsSupport.Accepted).Select(v => v.DisplayName()).ToArray();
        var modernUnknown = modern.Any(v => support(v) == TlsSupport.Unknown);
        if (modernAccepted.Length == 0 && !modernUnknown)
        {
            yield return new Finding(FindingCodes.TlsLegacyOnly, Severity.Error,
                $"The server accepts only {names}, nothing newer. Current senders require TLS 1.2 or 1.3 (OpenSSL 3, .NET and most MTAs refuse older versions), so they cannot establish TLS with it and deliver in clear text or not at all. Enable TLS 1.2 and 1.3: upgrade the TLS library if it is too old; Postfix: smtpd_tls_protocols = >=TLSv1.2 with OpenSSL 1.1.1 or later; Exchange/Windows: enable TLS 1.2 in SChannel.");
            yield break;
        }

        var besides = modernAccepted.Length > 0
            ? $" besides {Join(modernAccepted)}"
            : "; whether it also accepts TLS 1.2 or 1.3 could not be tested";
        yield return new Finding(FindingCodes.TlsLegacyAccepted, Severity.Warning,
            $"The server still accepts {names}{besides}. NCSC-NL rates versions before TLS 1.2 Insufficient and Mozilla keeps them only in its 'old' profile (SHA-1/MD5 handshakes, CBC attacks such as BEAST and POODLE). Senders limited to these versions get TLS from this server today and would fall back to clear text without them, so check the server log for such sessions, then disable them: Postfix smtpd_tls_protocols = >=TLSv1.2 (and smtpd_tls_mandatory_protocols); Exchange/Windows: disable TLS 1.0 and 1.1 in SChannel.");
    }

    private static IEnumerable<Finding> WeakSuites(List<(TlsVersion Version, TlsAcceptedSuite Suite)> accepted, bool opportunistic)
    {
        var rc4 = Names(accepted, s => s.Encryption == "RC4");
        if (rc4.Length > 0)
        {
            yield return new Finding(FindingCodes.TlsCipherRc4, Severity.Warning,
                $"The server accepts RC4 suites ({rc4}). RC4 is broken and RFC 7465 forbids it in TLS. Remove it: Postfix smtpd_tls_exclude_ciphers = RC4; Windows: disable RC4 in SChannel.");
        }

        var tripleDes = Names(accepted, s => s.Encryption == "3DES-CBC");
        if (tripleDes.Length > 0)
        {
            yield return new Finding(FindingCodes.TlsCipher3Des, Severity.Warning,
                $"The server accepts 3DES suites ({tripleDes}). 3DES has a 64-bit block, which long sessions expose to the Sweet32 attack, and NCSC-NL rates it Insufficient. Remove it: Postfix smtpd_tls_exclude_ciphers = 3DES; Windows: disable Triple DES 168 in SChannel.");
        }

        var none = Names(accepted, s => s.Encryption == "NULL");
        if (none.Length > 0)
        {
            yield return new Finding(FindingCodes.TlsCipherNull, Severity.Warning,
                $"The server accepts suites without encryption ({none}): a client that offers them gets integrity but no confidentiality. Remove them: Postfix smtpd_tls_exclude_ciphers = eNULL.");
        }

        var export = Names(accepted, s => s.IsExport || (s.Bits is > 0 and < 112 && s.Encryption != "NULL"));
        if (export.Length > 0)
        {
            yield return new Finding(FindingCodes.TlsCipherExport, Severity.Warning,
                $"The server accepts export-grade or other suites with keys under 112 bits ({export}); they can be broken in hours (FREAK, Logjam). Remove them: Postfix smtpd_tls_exclude_ciphers = EXPORT, LOW, DES.");
        }

        var anonymous = Names(accepted, s => s.IsAnonymous);
        if (anonymous.Length > 0)
        {
            yield return opportunistic
                ? new Finding(FindingCodes.TlsCipherAnonymous, Severity.Info,
                    $"The server accepts anonymous suites ({anonymous}). On an MX host's port 25 that is normal and harmless: Postfix enables them by default, because senders under opportunistic TLS do not authenticate the server anyway and anonymous suites still encrypt. Senders that verify certificates (DANE, MTA-STS) never offer them. Web-oriented scanners call this critical; for SMTP between servers there is nothing to fix.")
                : new Finding(FindingCodes.TlsCipherAnonymous, Severity.Warning,
                    $"The server accepts anonymous suites ({anonymous}), which authenticate nobody. Clients of a submission or mailbox port must be able to verify the server, and a man in the middle can offer them an anonymous suite. Remove them: Postfix smtpd_tls_exclude_ciphers = aNULL (for this port only).");
        }
    }

    // TLS 1.2 is the last version where CBC is negotiable; a server with nothing but CBC there lacks AEAD entirely.
    private static IEnumerable<Finding> CbcOnly(TlsEnumeration enumeration)
    {
        var tls12 = enumeration[TlsVersion.Tls12];
        if (tls12.Support != TlsSupport.Accepted || !tls12.Complete || tls12.Suites.Count == 0 || tls12.Suites.Any(s => s.Suite.Mac == "AEAD"))
        {
            yield break;
        }

        yield return new Finding(FindingCodes.TlsCbcOnly, Severity.Warning,
            $"At TLS 1.2 the server accepts only CBC suites ({string.Join(", ", tls12.Suites.Take(ShownNames).Select(s => s.Suite.Name))}{More(tls12.Suites.Count)}), no AEAD suite such as AES-GCM or ChaCha20-Poly1305. CBC in TLS has a long record of padding-oracle attacks and NCSC-NL rates it Phase-out or Insufficient. Enable ECDHE suites with AES-GCM (Postfix: the default tls_medium_cipherlist with OpenSSL 1.0.1 or later has them).");
    }

    private static IEnumerable<Finding> WeakDh(List<(TlsVersion Version, TlsAcceptedSuite Suite)> accepted)
    {
        var weak = accepted.Where(a => a.Suite.DhPrimeBits is < 2048).ToList();
        if (weak.Count == 0)
        {
            yield break;
        }

        var smallest = weak.Min(a => a.Suite.DhPrimeBits!.Value);
        var example = weak.First(a => a.Suite.DhPrimeBits == smallest);
        yield return new Finding(FindingCodes.TlsDhWeak, Severity.Warning,
            $"The server uses Diffie-Hellman primes of {smallest} bits (e.g. {example.Suite.Suite.Name} in {example.Version.DisplayName()}; {weak.Count} suite(s) in all). Primes under 2048 bits are within reach of precomputation (Logjam). Configure at least 2048 bits (Postfix: smtpd_tls_dh1024_param_file = a file from 'openssl dhparam 2048', or 'auto' on Postfix 3.7+ with OpenSSL 3), or rely on ECDHE and remove the DHE suites.");
    }

    private static IEnumerable<Finding> WeakKeys(TlsEnumeration enumeration)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in enumeration.Versions.Select(v => v.Certificate).Where(c => c is not null))
        {
            if (!seen.Add(certificate!.Thumbprint))
            {
                continue;
            }

            var (algorithm, bits) = TlsReport.KeyOf(certificate);
            if (algorithm is "RSA" or "RSASSA-PSS" or "DSA" && bits is > 0 and < 2048)
            {
                yield return new Finding(FindingCodes.CertWeakKey, Severity.Warning,
                    $"The certificate {certificate.Subject} has a {bits}-bit {algorithm} key; keys under 2048 bits can be factored with enough computing power and NCSC-NL rates them Insufficient. Reissue it with an RSA key of at least 2048 bits (3072 for NCSC-NL Good) or an ECDSA P-256 key.");
            }
        }
    }

    internal static IEnumerable<Finding> Untested(IReadOnlyList<string> untested, string what)
    {
        if (untested.Count == 0)
        {
            yield break;
        }

        yield return new Finding(FindingCodes.TlsScanIncomplete, Severity.Info,
            $"Not everything could be tested in {what}: {Join(untested.ToArray())}. These are Unknown, not 'not accepted'. The usual cause is the server limiting connections (421 or 454 replies) or timeouts; run it again later, with fewer parallel targets, or a longer -Timeout.");
    }

    private static IReadOnlyList<string> Incomplete(TlsEnumeration enumeration)
    {
        var parts = new List<string>();
        foreach (var version in enumeration.Versions)
        {
            if (version.Support == TlsSupport.Unknown)
            {
                parts.Add($"whether {version.Version.DisplayName()} is accepted ({version.Note.TrimEnd('.')})");
            }
            else if (!version.Complete)
            {
                parts.Add($"some {version.Version.DisplayName()} suites ({version.Note.TrimEnd('.')})");
            }
        }

        if (!enumeration.Tls13GroupsComplete)
        {
            parts.Add("some TLS 1.3 groups");
        }

        if (!enumeration.CurvesComplete)
        {
            parts.Add("some curves for TLS 1.2 and older");
        }

        return parts;
    }

    // "A, B and C (TLS 1.0, TLS 1.2)", at most three names.
    private static string Names(List<(TlsVersion Version, TlsAcceptedSuite Suite)> accepted, Func<CipherSuiteInfo, bool> weak)
    {
        var matches = accepted.Where(a => weak(a.Suite.Suite)).ToList();
        if (matches.Count == 0)
        {
            return string.Empty;
        }

        var names = matches.Select(a => a.Suite.Suite.Name).Distinct().ToArray();
        var versions = matches.Select(a => a.Version).Distinct().OrderBy(v => v).Select(v => v.DisplayName()).ToArray();
        var shown = names.Length > ShownNames ? string.Join(", ", names.Take(ShownNames)) + More(names.Length) : Join(names);
        return $"{shown} in {Join(versions)}";
    }

    private static string More(int count) => count > ShownNames ? string.Format(CultureInfo.InvariantCulture, " and {0} more", count - ShownNames) : string.Empty;

    private static string Join(string[] items) => items.Length switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Length - 1)) + " and " + items[items.Length - 1],
    };
}
