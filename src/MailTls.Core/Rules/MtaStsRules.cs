using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MailTls.Dns;
using MailTls.MtaSts;

namespace MailTls.Rules;

/// <summary>
/// RFC 8461's rules as a sender applies them, each a pure function from facts to findings: the
/// record, the policy's mode and max_age, which MX hosts the patterns cover, whether an MX would
/// pass under enforce, and whether failures would be reported (TLS-RPT).
/// </summary>
internal static class MtaStsRules
{
    private const long OneDay = 86400;
    private const long OneYear = 365 * OneDay;

    public static IEnumerable<Finding> Record(string domain, MtaStsRecord? record, DnsFailure? failure)
    {
        if (failure is not null)
        {
            yield return failure.ToFinding($"The MTA-STS record of {domain} could not be read");
        }
        else if (record is { Status: RecordStatus.NotPublished })
        {
            yield return new Finding(FindingCodes.MtaStsNotPublished, Severity.Error,
                $"{domain} publishes no MTA-STS record at {record.Name}, so senders never look for a policy and mail can be downgraded to clear text. Publish \"v=STSv1; id=<id>\" there (New-MtaStsPolicy makes one).");
        }
        else if (record is { IsValid: false })
        {
            foreach (var error in record.Errors)
            {
                yield return new Finding(FindingCodes.MtaStsRecordInvalid, Severity.Error, $"{error} Senders ignore MTA-STS for {domain} until it is fixed.");
            }
        }
    }

    public static IEnumerable<Finding> Mode(MtaStsMode? mode)
    {
        if (mode == MtaStsMode.Testing)
        {
            yield return new Finding(FindingCodes.MtaStsModeTesting, Severity.Info,
                "The policy is in testing mode: senders report failures (TLS-RPT) but deliver anyway. What would fail under enforce is reported below as warnings.");
        }
        else if (mode == MtaStsMode.None)
        {
            yield return new Finding(FindingCodes.MtaStsModeNone, Severity.Warning,
                "The policy's mode is none: senders treat the domain as having no policy. Use it only to withdraw MTA-STS.");
        }
    }

    public static IEnumerable<Finding> MaxAge(long? maxAge)
    {
        if (maxAge is not { } seconds)
        {
            yield break;
        }

        if (seconds < OneDay)
        {
            yield return new Finding(FindingCodes.MtaStsMaxAgeShort, Severity.Warning,
                $"max_age is {seconds.ToString(CultureInfo.InvariantCulture)} s, under a day: senders forget the policy that soon, which weakens protection against downgrade attacks. Use a week or more (604800) once the policy is stable.");
        }
        else if (seconds > OneYear)
        {
            yield return new Finding(FindingCodes.MtaStsMaxAgeLong, Severity.Info,
                $"max_age is over a year ({seconds.ToString(CultureInfo.InvariantCulture)} s): senders keep enforcing this policy that long even if you withdraw MTA-STS.");
        }
    }

    /// <summary>A policy senders would apply: valid, and not mode none.</summary>
    public static bool IsUsable(MtaStsPolicy policy) => policy.IsValid && policy.Mode is MtaStsMode.Enforce or MtaStsMode.Testing;

    /// <summary>What would fail under enforce bounces mail there, and is a warning under testing.</summary>
    public static Severity EnforceSeverity(MtaStsMode? mode) => mode == MtaStsMode.Enforce ? Severity.Error : Severity.Warning;

    /// <summary>The policy pattern that covers <paramref name="host"/>, or null.</summary>
    public static string? Match(IEnumerable<string> patterns, string host) => patterns.FirstOrDefault(p => MxPatternMatcher.Matches(p, host));

    /// <summary>MX hosts no pattern covers, and patterns that cover no MX host.</summary>
    public static IEnumerable<Finding> Coverage(MtaStsPolicy policy, IReadOnlyList<string> hosts)
    {
        if (!IsUsable(policy))
        {
            yield break;
        }

        var severity = EnforceSeverity(policy.Mode);
        foreach (var host in hosts.Where(h => Match(policy.Mx, h) is null).Distinct())
        {
            yield return new Finding(FindingCodes.MtaStsMxNotCovered, severity,
                $"The MX host {host} matches no mx pattern of the policy ({policy.Mx}); senders enforcing it will not deliver there. Add \"mx: {host}\" to the policy.");
        }

        foreach (var pattern in policy.Mx.Where(p => !hosts.Any(h => MxPatternMatcher.Matches(p, h))))
        {
            yield return new Finding(FindingCodes.MtaStsPatternUnused, Severity.Warning,
                $"The policy's pattern \"mx: {pattern}\" matches none of the domain's MX hosts; remove it, or check the MX records.");
        }
    }

    /// <summary>
    /// RFC 8461 §4.1-4.2 for one probed address: STARTTLS, TLS 1.2 or later, a certificate valid for
    /// the MX host. Empty when a sender enforcing the policy would deliver there.
    /// </summary>
    public static string TlsProblem(SmtpTlsResult probe)
    {
        if (probe.Verdict == Verdict.Error)
        {
            return "could not be probed: " + (probe.Findings.Count > 0 ? probe.Findings[0].Message : "unknown reason");
        }

        if (probe.StartTlsOffered == false || !probe.TlsEstablished)
        {
            return $"no TLS session ({probe.Findings}), so senders enforcing the policy will not deliver";
        }

        if (probe.Protocol is { } protocol && protocol.IsLegacy())
        {
            return $"negotiated {protocol.DisplayName()}; RFC 8461 requires TLS 1.2 or later";
        }

        if (probe.ChainValid != true || probe.NameMatches != true)
        {
            var codes = string.Join(", ", probe.Findings.Where(f => f.Code.StartsWith("CERT_", StringComparison.Ordinal)).Select(f => f.Code));
            return $"its certificate would be rejected by senders enforcing the policy ({codes})";
        }

        return string.Empty;
    }

    /// <summary>False when something certainly fails; null (unknown) when nothing was probed or no usable policy exists.</summary>
    public static bool? PassesEnforce(bool policyUsable, string? pattern, SmtpTlsResult? probe)
    {
        if ((probe is not null && probe.Verdict != Verdict.Error && TlsProblem(probe).Length > 0) || (policyUsable && pattern is null))
        {
            return false;
        }

        return probe is null || probe.Verdict == Verdict.Error || !policyUsable ? null : true;
    }

    public static IEnumerable<Finding> TlsRpt(MtaStsMode? mode, TlsRptRecord? record, DnsFailure? failure)
    {
        if (failure is not null || record is null)
        {
            yield break;
        }

        if (!record.IsPublished && mode is MtaStsMode.Enforce or MtaStsMode.Testing)
        {
            yield return new Finding(FindingCodes.TlsRptMissing, Severity.Warning,
                $"No TLS-RPT record at {record.Name}: with MTA-STS in {mode.Value.PolicyWord()} mode and no reports, delivery failures stay invisible to you. Publish one (New-TlsRptRecord makes it)." +
                (record.Errors.Count > 0 ? " " + string.Join(" ", record.Errors) : string.Empty));
        }
        else if (record.IsPublished && !record.IsValid)
        {
            foreach (var error in record.Errors)
            {
                yield return new Finding(FindingCodes.TlsRptInvalid, Severity.Warning, error);
            }
        }
    }
}
