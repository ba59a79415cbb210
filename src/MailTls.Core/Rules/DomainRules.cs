using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MailTls.Client;
using MailTls.Dns;
using MailTls.Smtp;

namespace MailTls.Rules;

/// <summary>
/// The roll-up's rules: one domain's MX lookup, probes and MTA-STS assessment become one row: the
/// findings, the verdict, the forced-TLS level it can bear and a sentence that says what to do.
/// </summary>
internal static class DomainRules
{
    // Most domains publish no MTA-STS: the MtaStsMode column shows it, and it is no problem to list.
    private static readonly HashSet<string> NotAProblemInARollup = new(StringComparer.Ordinal)
    {
        FindingCodes.MtaStsNotPublished,
        FindingCodes.NullMx,
        FindingCodes.NoMailExchanger,
    };

    // The client endpoints, when asked for, get a column of their own: the domain's verdict is about mail sent to it.
    public static DomainTlsReport Report(string domain, MailExchangerLookup mx, SmtpCheck? check, MtaStsAssessment sts, TimeSpan elapsed, DateTimeOffset now, MailClientCheck? clients = null)
    {
        var probes = check?.Results.Where(r => r.Address.Length > 0).ToArray() ?? Array.Empty<SmtpTlsResult>();
        var findings = FindingMerge.ByCode(Findings(mx, check, sts));
        var list = new FindingList(findings);
        var coverage = Coverage(mx, check, probes);
        // What could not be checked (an unreachable MX) is not a certain failure: it makes the verdict Error, not Fail.
        var certain = new FindingList(Findings(mx, check, sts, includeUnchecked: false));
        var verdict = VerdictRules.From(coverage == CheckCoverage.Partial ? certain : list, coverage);
        var dane = Dane(probes);
        var (level, reason) = ForcedTls(mx, check, probes, dane);
        var certificates = probes.Where(p => p.Certificate is not null).ToArray();
        var earliest = certificates.OrderBy(p => p.DaysUntilExpiry).FirstOrDefault();
        var published = sts.Record is { IsPublished: true } || sts.Record is { Status: RecordStatus.Invalid };
        return new DomainTlsReport
        {
            Domain = domain,
            Verdict = verdict,
            ForcedTls = level,
            Summary = Summary(domain, mx, verdict, level, reason, list, earliest),
            Findings = list.ToString(),
            MxCount = mx.Exchangers.Count(e => !e.IsNullMx),
            MxHosts = string.Join("; ", mx.Exchangers.Where(e => !e.IsNullMx).Select(e => e.Exchange).Distinct()),
            MxAddressesProbed = probes.Length,
            MxWithStartTls = probes.Count(p => p.StartTlsOffered == true || (p.Mode == SmtpTlsMode.Implicit && p.TlsEstablished)),
            MxWithoutStartTls = probes.Count(p => p.StartTlsOffered == false),
            LowestProtocol = probes.Select(p => p.LowestProtocol ?? p.Protocol).Where(v => v is not null).Min(),
            CertificatesValid = certificates.Length == 0 ? null : certificates.All(p => p.ChainValid == true && p.NameMatches == true),
            CertificateProblems = string.Join("; ", certificates.SelectMany(p => p.Findings).Select(f => f.Code).Where(c => c.StartsWith("CERT_", StringComparison.Ordinal)).Distinct()),
            EarliestCertificateExpiry = earliest?.CertificateNotAfter ?? string.Empty,
            DaysUntilEarliestExpiry = earliest?.DaysUntilExpiry,
            DnssecSigned = mx.Exchangers.FirstOrDefault()?.Dnssec switch
            {
                DnssecStatus.Signed => true,
                DnssecStatus.Unsigned => false,
                _ => null,
            },
            Dane = dane,
            MtaStsMode = published ? sts.Mode : null,
            MtaStsValid = published ? sts.RecordValid && sts.PolicyValid : null,
            TlsRpt = sts.TlsRpt?.Status,
            ClientEndpoints = clients?.WorstVerdict,
            ClientEndpointResults = clients?.Results ?? Array.Empty<MailClientTlsResult>(),
            ClientFaults = clients?.Faults ?? Array.Empty<ClientProbeFault>(),
            CheckedAt = IsoTime.Format(now),
            ElapsedMs = Math.Round(elapsed.TotalMilliseconds, 1),
            Probes = check?.Results ?? Array.Empty<SmtpTlsResult>(),
            MtaSts = sts,
            FindingList = list,
            Faults = check?.Faults ?? Array.Empty<ProbeFault>(),
        };
    }

    /// <summary>A domain whose checks ran past its time budget still gets its row.</summary>
    public static DomainTlsReport TimedOut(string domain, TimeSpan budget, TimeSpan elapsed, DateTimeOffset now)
    {
        var seconds = budget.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var finding = new Finding(FindingCodes.DomainTimeout, Severity.Error,
            $"The checks of {domain} did not finish within its {seconds} s budget (an MX host or a policy server answers too slowly). Nothing is concluded; try a longer -DomainTimeout.");
        var list = new FindingList(new[] { finding });
        return new DomainTlsReport
        {
            Domain = domain,
            Verdict = Verdict.Error,
            ForcedTls = ForcedTlsLevel.None,
            Summary = finding.Message,
            Findings = list.ToString(),
            Dane = DomainDane.None,
            CheckedAt = IsoTime.Format(now),
            ElapsedMs = Math.Round(elapsed.TotalMilliseconds, 1),
            FindingList = list,
        };
    }

    private static IEnumerable<Finding> Findings(MailExchangerLookup mx, SmtpCheck? check, MtaStsAssessment sts, bool includeUnchecked = true)
    {
        if (mx.Failure is not null)
        {
            // Nothing else about a domain that cannot be resolved means anything.
            yield return mx.Failure.ToFinding();
            yield break;
        }

        var checkedResults = check?.Results.Where(r => includeUnchecked || r.Verdict != Verdict.Error) ?? Enumerable.Empty<SmtpTlsResult>();
        foreach (var finding in checkedResults.SelectMany(r => r.Findings).Where(f => f.Code != FindingCodes.NullMx))
        {
            yield return finding;
        }

        foreach (var fault in includeUnchecked ? check?.Faults ?? Array.Empty<ProbeFault>() : Array.Empty<ProbeFault>())
        {
            yield return new Finding(FindingCodes.ProbeFault, Severity.Error, fault.Message + " (a fault in MailTls, not the server's; written as an error too).");
        }

        foreach (var finding in sts.Findings.Where(f => !NotAProblemInARollup.Contains(f.Code)))
        {
            yield return finding;
        }
    }

    private static CheckCoverage Coverage(MailExchangerLookup mx, SmtpCheck? check, IReadOnlyList<SmtpTlsResult> probes)
    {
        if (mx.Failure is not null)
        {
            return CheckCoverage.None;
        }

        if (mx.Exchangers.All(e => e.IsNullMx))
        {
            return CheckCoverage.Complete;
        }

        var errors = (check?.Results.Count(r => r.Verdict == Verdict.Error) ?? 0) + (check?.Faults.Count ?? 0);
        var total = (check?.Results.Count ?? 0) + (check?.Faults.Count ?? 0);
        return errors == 0 ? CheckCoverage.Complete : errors < total && probes.Any(p => p.Verdict != Verdict.Error) ? CheckCoverage.Partial : CheckCoverage.None;
    }

    private static DomainDane Dane(IReadOnlyList<SmtpTlsResult> probes)
    {
        var states = probes.Select(p => p.Dane).ToArray();
        if (states.Length == 0 || states.All(s => s == DaneStatus.None))
        {
            return DomainDane.None;
        }

        if (states.Contains(DaneStatus.LookupFailed))
        {
            return DomainDane.LookupFailed;
        }

        if (states.Contains(DaneStatus.Mismatch))
        {
            return DomainDane.Mismatch;
        }

        if (states.All(s => s == DaneStatus.Valid))
        {
            return DomainDane.Valid;
        }

        return states.Contains(DaneStatus.Valid) && states.Contains(DaneStatus.None) ? DomainDane.Partial : DomainDane.Unusable;
    }

    /// <summary>The level and, when it is below Verify, the host and reason that hold it down.</summary>
    public static (ForcedTlsLevel Level, string Reason) ForcedTls(MailExchangerLookup mx, SmtpCheck? check, IReadOnlyList<SmtpTlsResult> probes, DomainDane dane)
    {
        if (mx.Failure is not null)
        {
            return (ForcedTlsLevel.None, string.Empty);
        }

        if (probes.Count == 0)
        {
            var unprobed = check?.Results.FirstOrDefault(r => r.Findings.Count > 0);
            return (ForcedTlsLevel.None, unprobed is null ? "no MX host could be checked" : $"{unprobed.Exchange}: {unprobed.Findings[0].Message.TrimEnd('.')}");
        }

        var unknown = check!.Faults.Select(f => $"{f.Target.Exchange} [{f.Target.Address}]")
            .Concat(probes.Where(p => p.Verdict == Verdict.Error).Select(p => $"{p.Exchange} [{p.Address}] ({p.Findings})"))
            .FirstOrDefault();
        if (unknown is not null)
        {
            return (ForcedTlsLevel.None, $"{unknown} could not be checked, so forcing TLS could bounce mail to it");
        }

        if (probes.FirstOrDefault(p => p.StartTlsOffered == false) is { } clear)
        {
            return (ForcedTlsLevel.None, $"{clear.Exchange} [{clear.Address}] does not offer STARTTLS, so mail to it travels in clear text and forced TLS would bounce it");
        }

        if (probes.FirstOrDefault(p => p.Findings.Any(f => f.Code == FindingCodes.TlsLegacyOnly)) is { } legacyOnly)
        {
            return (ForcedTlsLevel.None, $"{legacyOnly.Exchange} [{legacyOnly.Address}] accepts only {string.Join(" and ", legacyOnly.ProtocolsAccepted)}, below the TLS 1.2 forced TLS needs, so forcing TLS would bounce mail to it");
        }

        if (probes.FirstOrDefault(p => !p.TlsEstablished) is { } failed)
        {
            return (ForcedTlsLevel.None, $"{failed.Exchange} [{failed.Address}] fails the TLS handshake ({failed.Findings}), so forced TLS would bounce mail to it");
        }

        if (probes.FirstOrDefault(p => p.Protocol is { } version && version.IsLegacy()) is { } legacy)
        {
            return (ForcedTlsLevel.None, $"{legacy.Exchange} [{legacy.Address}] negotiates only {legacy.Protocol!.Value.DisplayName()}, below the TLS 1.2 a forced-TLS policy requires");
        }

        if (dane == DomainDane.Valid)
        {
            return (ForcedTlsLevel.Dane, string.Empty);
        }

        return probes.FirstOrDefault(p => !Verifies(p)) is { } unverified
            ? (ForcedTlsLevel.Encrypt, $"the certificate of {unverified.Exchange} [{unverified.Address}] would not verify ({string.Join(", ", CertificateCodes(unverified))})")
            : (ForcedTlsLevel.Verify, string.Empty);
    }

    // A verifying sender needs a chain to a trusted root and its name, and (at OpenSSL's default security
    // level, as Postfix and Exim run it) refuses weak keys and SHA-1 signatures; a near expiry still verifies today.
    private static bool Verifies(SmtpTlsResult probe) =>
        probe.ChainValid == true && probe.NameMatches == true && !CertificateCodes(probe).Any(c => c != FindingCodes.CertExpiringSoon);

    private static IEnumerable<string> CertificateCodes(SmtpTlsResult probe) =>
        probe.Findings.Select(f => f.Code).Where(c => c.StartsWith("CERT_", StringComparison.Ordinal));

    private static string Summary(string domain, MailExchangerLookup mx, Verdict verdict, ForcedTlsLevel level, string reason, FindingList findings, SmtpTlsResult? earliest)
    {
        if (mx.Failure is not null)
        {
            return mx.Failure.Message;
        }

        if (mx.Exchangers.All(e => e.IsNullMx))
        {
            return $"{domain} accepts no mail (null MX, RFC 7505): there is nothing to encrypt or to force.";
        }

        var sentence = level switch
        {
            ForcedTlsLevel.Dane => "Every MX host encrypts and matches its DANE records in a signed zone: you can require DANE (Postfix dane-only, Exchange DomainValidation).",
            ForcedTlsLevel.Verify => "Every MX host encrypts with TLS 1.2+ and a certificate valid for its name: you can require verified TLS (Postfix secure, Exchange CertificateValidation).",
            ForcedTlsLevel.Encrypt => $"Every MX host encrypts, but {reason}: require encryption only (Postfix encrypt, Exchange EncryptionOnly) until that is fixed.",
            _ => reason.Length > 0 ? $"Do not force TLS: {reason}." : "Do not force TLS: no MX host could be checked.",
        };

        if (earliest is { DaysUntilExpiry: < CertificateDays and >= 0 })
        {
            sentence += $" The certificate of {earliest.Exchange} expires in {earliest.DaysUntilExpiry} day(s).";
        }
        else if (verdict is Verdict.Fail or Verdict.Error && level != ForcedTlsLevel.None && findings.FirstOrDefault(f => f.Severity == Severity.Error) is { } error)
        {
            // The level is fine, so say what else made the verdict.
            sentence += " Still to fix: " + error.Message;
        }

        return sentence;
    }

    private const int CertificateDays = 30;
}
