using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Certificates;

/// <summary>
/// Judges a server certificate the way a validating sender would (chain, dates, name, key,
/// signature) and says what to fix. Certificate problems are results, never exceptions.
/// </summary>
public static class CertificateInspector
{
    /// <summary>Warning when this many days or fewer are left.</summary>
    public const int ExpiryWarningDays = 14;

    /// <summary>Info when this many days or fewer are left.</summary>
    public const int ExpiryNoticeDays = 30;

    private const X509ChainStatusFlags TimeFlags = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested;

    private const string TrustFix = "if it is a private CA, pass its root certificate with -TrustedRootCertificate.";

    /// <summary>
    /// Inspects <paramref name="leaf"/> as presented with <paramref name="sentByServer"/> (everything the
    /// server sent, leaf included) for <paramref name="expectedName"/> at the time <paramref name="now"/>.
    /// Throws only for caller mistakes (null arguments, an empty name, null entries).
    /// </summary>
    public static CertificateReport Inspect(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        string expectedName,
        CertificateTrust trust,
        DateTimeOffset now) =>
        Inspect(leaf, sentByServer, expectedName, trust, now, ChainBuilder.DefaultStrategy);

    internal static CertificateReport Inspect(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        string expectedName,
        CertificateTrust trust,
        DateTimeOffset now,
        ChainStrategy strategy)
    {
        if (leaf is null)
        {
            throw new ArgumentNullException(nameof(leaf));
        }

        if (sentByServer is null)
        {
            throw new ArgumentNullException(nameof(sentByServer));
        }

        if (expectedName is null)
        {
            throw new ArgumentNullException(nameof(expectedName));
        }

        if (trust is null)
        {
            throw new ArgumentNullException(nameof(trust));
        }

        if (expectedName.Trim().Length == 0)
        {
            throw new ArgumentException("The expected host name is empty.", nameof(expectedName));
        }

        if (sentByServer.Any(c => c is null))
        {
            throw new ArgumentException("The list of certificates the server sent contains a null entry.", nameof(sentByServer));
        }

        if (leaf.Handle == IntPtr.Zero)
        {
            throw new ArgumentException("The leaf certificate has been disposed.", nameof(leaf));
        }

        var (notBefore, notAfter) = CertificateFields.ReadValidity(leaf);
        var daysUntilExpiry = WholeDays(notAfter - now);
        var (keyAlgorithm, keySize) = CertificateFields.ReadPublicKey(leaf);
        var signature = CertificateFields.ReadSignatureAlgorithm(leaf);
        var nameMatches = HostNameMatcher.CertificateMatches(leaf, expectedName, out var presentedNames);
        var outcome = ChainBuilder.Build(leaf, sentByServer, trust, now, strategy);
        var chain = outcome.Elements;

        var findings = new List<Finding>();
        AddTimeFindings(findings, leaf, chain, notBefore, notAfter, now);
        AddTrustFindings(findings, leaf, sentByServer, trust, outcome);
        if (!nameMatches)
        {
            findings.Add(NameMismatch(expectedName, presentedNames));
        }

        AddKeyFinding(findings, keyAlgorithm, keySize);
        AddSignatureFindings(findings, chain);

        return new CertificateReport(
            leaf,
            HostNameMatcher.GetDnsNames(leaf),
            notBefore,
            notAfter,
            daysUntilExpiry,
            keyAlgorithm,
            keySize,
            signature.Name,
            outcome.IsValid,
            outcome.Error is null ? FlagNames(outcome.Problems) : outcome.Error,
            nameMatches,
            expectedName,
            sentByServer.Count,
            chain,
            new FindingList(findings));
    }

    /// <summary>
    /// Issuing CAs in a chain that reached its anchor which the server did not send and the caller did
    /// not trust explicitly: they came from this machine's store (or a download), which other senders lack.
    /// </summary>
    internal static IReadOnlyList<X509Certificate2> IntermediatesNotSent(
        IReadOnlyList<X509Certificate2> chain,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust)
    {
        var missing = new List<X509Certificate2>();
        for (var i = 1; i < chain.Count - 1; i++)
        {
            var element = chain[i];
            if (!sentByServer.Any(c => CertificateFields.ByteArrayEquals(c.RawData, element.RawData)) && !trust.IsExtraRoot(element))
            {
                missing.Add(element);
            }
        }

        return missing;
    }

    private static void AddTimeFindings(
        List<Finding> findings,
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> chain,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        DateTimeOffset now)
    {
        var name = CertificateFields.DisplayName(leaf.SubjectName);
        if (now > notAfter)
        {
            findings.Add(new Finding(
                FindingCodes.CertExpired,
                Severity.Warning,
                $"The certificate '{name}' expired on {Date(notAfter)}, {DaysAgo(notAfter, now)} ago; renew it and install the new certificate."));
        }
        else if (now < notBefore)
        {
            findings.Add(new Finding(
                FindingCodes.CertNotYetValid,
                Severity.Warning,
                $"The certificate '{name}' is not valid before {Date(notBefore)}, {Days(WholeDays(notBefore - now))} from now; install the certificate that is valid today, or check the server's clock and the certificate's dates."));
        }
        else
        {
            var left = WholeDays(notAfter - now);
            if (left <= ExpiryNoticeDays)
            {
                findings.Add(new Finding(
                    FindingCodes.CertExpiringSoon,
                    left <= ExpiryWarningDays ? Severity.Warning : Severity.Info,
                    $"The certificate '{name}' expires on {Date(notAfter)}, in {Days(left)}; renew it before then."));
            }
        }

        for (var i = 1; i < chain.Count; i++)
        {
            var ca = chain[i];
            var (caNotBefore, caNotAfter) = CertificateFields.ReadValidity(ca);
            var caName = CertificateFields.DisplayName(ca.SubjectName);
            var role = i == chain.Count - 1 && CertificateFields.IsSelfIssued(ca) ? "root" : "intermediate";
            if (now > caNotAfter)
            {
                findings.Add(new Finding(
                    FindingCodes.CertExpired,
                    Severity.Warning,
                    $"The {role} CA certificate '{caName}' in the chain expired on {Date(caNotAfter)}, {DaysAgo(caNotAfter, now)} ago; install a certificate chain with a current {role}."));
            }
            else if (now < caNotBefore)
            {
                findings.Add(new Finding(
                    FindingCodes.CertNotYetValid,
                    Severity.Warning,
                    $"The {role} CA certificate '{caName}' in the chain is not valid before {Date(caNotBefore)}; install a chain whose {role} is valid today."));
            }
        }
    }

    private static void AddTrustFindings(
        List<Finding> findings,
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust,
        ChainOutcome outcome)
    {
        var chain = outcome.Elements;
        var last = chain[chain.Count - 1];
        var sent = sentByServer.Count;
        if (outcome.Error is not null)
        {
            findings.Add(new Finding(
                FindingCodes.CertUntrusted,
                Severity.Warning,
                $"The certificate chain could not be built ({outcome.Error}); senders that validate certificates will refuse it."));
            return;
        }

        var problems = outcome.Problems & ~TimeFlags & ~X509ChainStatusFlags.HasWeakSignature;
        if ((problems & X509ChainStatusFlags.PartialChain) != 0 && chain.Count == 1 && !IssuerWasSent(last, sentByServer))
        {
            // The gap is right above the leaf: the server did not send the intermediate.
            var issuer = CertificateFields.DisplayName(leaf.IssuerName);
            findings.Add(new Finding(
                FindingCodes.CertChainIncomplete,
                Severity.Warning,
                $"The server sent only {Certificates(sent)}; it must also send the intermediate '{issuer}' that issued '{CertificateFields.DisplayName(leaf.SubjectName)}'. Add it to the server's certificate chain file."));
            problems &= ~X509ChainStatusFlags.PartialChain;
        }

        if (problems != X509ChainStatusFlags.NoError)
        {
            findings.Add(new Finding(FindingCodes.CertUntrusted, Severity.Warning, UntrustedMessage(leaf, last, chain.Count, problems, sentByServer)));
            return;
        }

        if ((outcome.Problems & (X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot)) == 0)
        {
            var notSent = IntermediatesNotSent(chain, sentByServer, trust);
            if (notSent.Count > 0)
            {
                var names = string.Join("', '", notSent.Select(c => CertificateFields.DisplayName(c.SubjectName)));
                findings.Add(new Finding(
                    FindingCodes.CertChainIncomplete,
                    Severity.Warning,
                    $"The chain reaches a trusted root only because the intermediate '{names}' came from this machine's certificate store, not from the server, which sent {Certificates(sent)}; configure the server to send it, as other senders will not have it."));
            }
        }
    }

    private static string UntrustedMessage(
        X509Certificate2 leaf,
        X509Certificate2 last,
        int chainLength,
        X509ChainStatusFlags problems,
        IReadOnlyList<X509Certificate2> sentByServer)
    {
        var leafName = CertificateFields.DisplayName(leaf.SubjectName);
        var lastName = CertificateFields.DisplayName(last.SubjectName);
        var others = problems & ~(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain);
        var also = others == X509ChainStatusFlags.NoError ? string.Empty : $" The chain also has these problems: {FlagNames(others)}.";

        if ((problems & X509ChainStatusFlags.UntrustedRoot) != 0)
        {
            if (chainLength == 1 && CertificateFields.IsSelfIssued(leaf))
            {
                return $"The certificate '{leafName}' is self-signed, so no sender can verify it; install a certificate issued by a CA that senders trust (to trust this one privately, pass it with -TrustedRootCertificate).{also}";
            }

            return $"The chain ends at the root '{lastName}', which is not trusted here; use a certificate from a CA that senders trust, or, {TrustFix}{also}";
        }

        if ((problems & X509ChainStatusFlags.PartialChain) != 0)
        {
            var issuer = CertificateFields.DisplayName(last.IssuerName);
            var detail = IssuerWasSent(last, sentByServer)
                ? $"the server sent a certificate named '{issuer}', but it does not verify as the issuer"
                : $"its issuer '{issuer}' is not a trusted root here and the server did not send it";
            return $"The chain stops at '{lastName}': {detail}. If '{issuer}' is an intermediate the server must send it; {TrustFix}{also}";
        }

        return $"The certificate chain is not valid ({FlagNames(others)}); senders that validate certificates will refuse it. Reissue the certificate or fix the chain the server sends.";
    }

    private static Finding NameMismatch(string expectedName, IReadOnlyList<string> presentedNames)
    {
        const int Shown = 5;
        string holds;
        if (presentedNames.Count == 0)
        {
            holds = "The certificate holds no name that could match";
        }
        else
        {
            var listed = string.Join(", ", presentedNames.Take(Shown));
            var more = presentedNames.Count > Shown ? $" and {presentedNames.Count - Shown} more" : string.Empty;
            holds = $"The certificate is for {listed}{more}, not";
        }

        return new Finding(
            FindingCodes.CertNameMismatch,
            Severity.Warning,
            presentedNames.Count == 0
                ? $"{holds} '{expectedName}'; install a certificate whose subjectAltName includes {expectedName}."
                : $"{holds} {expectedName}; install a certificate whose subjectAltName includes {expectedName}.");
    }

    private static void AddKeyFinding(List<Finding> findings, string algorithm, int bits)
    {
        string? message = algorithm switch
        {
            "RSA" or "RSASSA-PSS" when bits is > 0 and < 2048 =>
                $"The certificate's {algorithm} key has only {bits} bits; reissue it with an RSA key of at least 2048 bits or an ECDSA P-256 key.",
            "ECDSA" when bits is > 0 and < 256 =>
                $"The certificate's ECDSA key has only {bits} bits; reissue it with a P-256 or larger curve.",
            "DSA" =>
                $"The certificate has a DSA key ({bits} bits), which current TLS does not accept; reissue it with an RSA key of at least 2048 bits or an ECDSA P-256 key.",
            _ => null,
        };

        if (message is not null)
        {
            findings.Add(new Finding(FindingCodes.CertWeakKey, Severity.Warning, message));
        }
    }

    private static void AddSignatureFindings(List<Finding> findings, IReadOnlyList<X509Certificate2> chain)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var certificate = chain[i];
            if (CertificateFields.IsSelfIssued(certificate))
            {
                continue; // a root's (or a self-signed leaf's) own signature proves nothing either way
            }

            var signature = CertificateFields.ReadSignatureAlgorithm(certificate);
            if (signature.WeakDigest is null)
            {
                continue;
            }

            var name = CertificateFields.DisplayName(certificate.SubjectName);
            findings.Add(new Finding(
                FindingCodes.CertWeakSignature,
                Severity.Warning,
                i == 0
                    ? $"The certificate '{name}' is signed with {signature.Name} ({signature.WeakDigest}), which is no longer secure; have it reissued with SHA-256."
                    : $"The intermediate '{name}' the certificate was issued through is signed with {signature.Name} ({signature.WeakDigest}), which is no longer secure; use the CA's SHA-256 chain."));
        }
    }

    private static bool IssuerWasSent(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> sentByServer) =>
        sentByServer.Any(c => !CertificateFields.ByteArrayEquals(c.RawData, certificate.RawData)
                              && CertificateFields.ByteArrayEquals(c.SubjectName.RawData, certificate.IssuerName.RawData));

    /// <summary>"PartialChain" or "NotTimeValid, PartialChain": the single flags in enum order.</summary>
    internal static string FlagNames(X509ChainStatusFlags flags)
    {
        var names = new List<string>();
        foreach (X509ChainStatusFlags flag in Enum.GetValues(typeof(X509ChainStatusFlags)))
        {
            if (flag != X509ChainStatusFlags.NoError && (flags & flag) == flag && !names.Contains(flag.ToString()))
            {
                names.Add(flag.ToString());
            }
        }

        return string.Join(", ", names);
    }

    private static int WholeDays(TimeSpan span) => (int)Math.Floor(span.TotalDays);

    // The same whole days as DaysUntilExpiry, so "3 days ago" sits beside -3 (negative from the first minute).
    private static string DaysAgo(DateTimeOffset notAfter, DateTimeOffset now) => Days(-WholeDays(notAfter - now));

    private static string Date(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string Certificates(int count) => count == 1 ? "1 certificate" : $"{count} certificates";
}
