using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Smtp;
using MailTls.TlsRpt;

namespace MailTls.MtaSts;

/// <summary>
/// Test-MtaSts's work: would senders honour this domain's policy, and would enforcing it bounce
/// mail? Record, policy, every MX host against the patterns and probed with the SMTP probe core,
/// max_age and TLS-RPT, judged as RFC 8461 §4-5 senders judge them.
/// </summary>
public sealed class MtaStsChecker
{
    private const long OneDay = 86400;
    private const long OneYear = 365 * OneDay;

    private readonly MtaStsRecordReader _records;
    private readonly MtaStsPolicyFetcher _policies;
    private readonly TlsRptReader _tlsRpt;
    private readonly MailExchangerResolver _resolver;
    private readonly SmtpTlsChecker? _smtp;

    /// <param name="records">Reads the _mta-sts record.</param>
    /// <param name="policies">Fetches the policy.</param>
    /// <param name="tlsRpt">Reads the TLS-RPT record.</param>
    /// <param name="resolver">Finds the MX hosts.</param>
    /// <param name="smtp">Probes the MX hosts; null to judge coverage only (when port 25 is blocked here).</param>
    public MtaStsChecker(MtaStsRecordReader records, MtaStsPolicyFetcher policies, TlsRptReader tlsRpt, MailExchangerResolver resolver, SmtpTlsChecker? smtp)
    {
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _policies = policies ?? throw new ArgumentNullException(nameof(policies));
        _tlsRpt = tlsRpt ?? throw new ArgumentNullException(nameof(tlsRpt));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _smtp = smtp;
    }

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<MtaStsAssessment> CheckAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var recordTask = _records.GetRecordAsync(name, log, cancellationToken);
        var policyTask = _policies.GetPolicyAsync(name, log, cancellationToken);
        var tlsRptTask = _tlsRpt.GetRecordAsync(name, log, cancellationToken);
        var mxTask = _resolver.ResolveAsync(name, log, cancellationToken);
        await Task.WhenAll(recordTask, policyTask, tlsRptTask, mxTask).ConfigureAwait(false);

        var findings = new List<Finding>();
        var (record, recordFailure) = recordTask.Result;
        var (policy, policyProblems) = policyTask.Result;
        var (tlsRpt, tlsRptFailure) = tlsRptTask.Result;
        var mx = mxTask.Result;
        var couldNotCheck = recordFailure is not null || mx.Failure is not null;

        CheckRecord(name, record, recordFailure, findings);
        // Without a record senders never fetch the policy, so its problems would only be noise.
        if (record is not { Status: "NotPublished" })
        {
            findings.AddRange(policyProblems);
        }

        var mode = policy.IsValid ? policy.Mode : string.Empty;
        CheckMode(mode, findings);
        CheckMaxAge(policy, findings);
        if (mx.Failure is not null)
        {
            findings.Add(mx.Failure.ToFinding($"The MX hosts of {name} could not be resolved"));
        }

        var exchangers = await CheckExchangersAsync(mx, policy, mode, findings, log, cancellationToken).ConfigureAwait(false);
        couldNotCheck |= exchangers.Any(e => e.Probe?.Verdict == Verdict.Error);
        CheckTlsRpt(mode, tlsRpt, tlsRptFailure, findings);

        var list = new FindingList(findings);
        // DNS that cannot answer leaves everything unknown; an unreachable MX leaves only its part unknown.
        var dnsFailed = recordFailure is not null || mx.Failure is not null;
        var verdict = VerdictRules.From(list, checkRan: !dnsFailed);
        if (couldNotCheck && verdict != Verdict.Fail)
        {
            verdict = Verdict.Error;
        }

        var allPass = exchangers.Count > 0 && exchangers.All(e => e.PassesEnforce == true);
        return new MtaStsAssessment
        {
            Domain = name,
            Mode = mode,
            RecordValid = record?.IsValid == true,
            RecordId = record?.Id ?? string.Empty,
            PolicyValid = policy.IsValid,
            MaxAge = policy.MaxAge,
            AllMxPass = allPass,
            ReadyToEnforce = record?.IsValid == true && policy.IsValid && mode != "none" && allPass && _smtp is not null,
            TlsRptValid = tlsRpt?.IsValid == true,
            TlsRptRua = tlsRpt?.Rua ?? TextList.None,
            Exchangers = new MtaStsExchangerList(exchangers),
            Record = record,
            Policy = policy,
            TlsRpt = tlsRpt,
            Findings = list,
            Verdict = verdict,
        };
    }

    private static void CheckRecord(string domain, MtaStsRecord? record, DnsFailure? failure, List<Finding> findings)
    {
        if (failure is not null)
        {
            findings.Add(failure.ToFinding($"The MTA-STS record of {domain} could not be read"));
        }
        else if (record is { Status: "NotPublished" })
        {
            findings.Add(new Finding(FindingCodes.MtaStsNotPublished, Severity.Error,
                $"{domain} publishes no MTA-STS record at {record.Name}, so senders never look for a policy and mail can be downgraded to clear text. Publish \"v=STSv1; id=<id>\" there (New-MtaStsPolicy makes one)."));
        }
        else if (record is { IsValid: false })
        {
            findings.AddRange(record.Errors.Select(e => new Finding(FindingCodes.MtaStsRecordInvalid, Severity.Error, $"{e} Senders ignore MTA-STS for {domain} until it is fixed.")));
        }
    }

    private static void CheckMode(string mode, List<Finding> findings)
    {
        if (mode == "testing")
        {
            findings.Add(new Finding(FindingCodes.MtaStsModeTesting, Severity.Info,
                "The policy is in testing mode: senders report failures (TLS-RPT) but deliver anyway. What would fail under enforce is reported below as warnings."));
        }
        else if (mode == "none")
        {
            findings.Add(new Finding(FindingCodes.MtaStsModeNone, Severity.Warning,
                "The policy's mode is none: senders treat the domain as having no policy. Use it only to withdraw MTA-STS."));
        }
    }

    private static void CheckMaxAge(MtaStsPolicy policy, List<Finding> findings)
    {
        if (policy.MaxAge is not { } maxAge)
        {
            return;
        }

        var seconds = (long)maxAge.TotalSeconds;
        if (seconds < OneDay)
        {
            findings.Add(new Finding(FindingCodes.MtaStsMaxAgeShort, Severity.Warning,
                $"max_age is {seconds.ToString(CultureInfo.InvariantCulture)} s, under a day: senders forget the policy that soon, which weakens protection against downgrade attacks. Use a week or more (604800) once the policy is stable."));
        }
        else if (seconds > OneYear)
        {
            findings.Add(new Finding(FindingCodes.MtaStsMaxAgeLong, Severity.Info,
                $"max_age is over a year ({seconds.ToString(CultureInfo.InvariantCulture)} s): senders keep enforcing this policy that long even if you withdraw MTA-STS."));
        }
    }

    private async Task<IReadOnlyList<MtaStsExchanger>> CheckExchangersAsync(MailExchangerLookup mx, MtaStsPolicy policy, string mode, List<Finding> findings, OperationLog log, CancellationToken cancellationToken)
    {
        var hosts = mx.Exchangers.Where(e => !e.IsNullMx).ToArray();
        var patterns = policy.Mx;
        // Under testing, what would fail under enforce is a warning; under enforce, it bounces mail.
        var severity = mode == "enforce" ? Severity.Error : Severity.Warning;
        if (policy.IsValid && mode != "none")
        {
            foreach (var host in hosts.Where(h => Match(patterns, h.Exchange) is null).Select(h => h.Exchange).Distinct())
            {
                findings.Add(new Finding(FindingCodes.MtaStsMxNotCovered, severity,
                    $"The MX host {host} matches no mx pattern of the policy ({patterns}); senders enforcing it will not deliver there. Add \"mx: {host}\" to the policy."));
            }

            foreach (var pattern in patterns.Where(p => !hosts.Any(h => MxPatternMatcher.Matches(p, h.Exchange))))
            {
                findings.Add(new Finding(FindingCodes.MtaStsPatternUnused, Severity.Warning,
                    $"The policy's pattern \"mx: {pattern}\" matches none of the domain's MX hosts; remove it, or check the MX records."));
            }
        }

        var probes = _smtp is null
            ? hosts.SelectMany(h => h.Addresses.Select(a => (Host: h, Address: a, Probe: (SmtpTlsResult?)null))).ToArray()
            : (await _smtp.CheckExchangersAsync(hosts, log, cancellationToken).ConfigureAwait(false))
                .Select(p => (Host: hosts.First(h => h.Exchange == p.Exchange), Address: p.Address, Probe: (SmtpTlsResult?)p)).ToArray();

        var usable = policy.IsValid && mode != "none";
        var rows = new List<MtaStsExchanger>();
        foreach (var (host, address, probe) in probes)
        {
            var pattern = usable ? Match(patterns, host.Exchange) : null;
            var problem = Problem(usable, pattern, probe);
            rows.Add(new MtaStsExchanger
            {
                Domain = host.Domain,
                Exchange = host.Exchange,
                Preference = host.Preference,
                Address = address,
                MatchedPattern = pattern ?? string.Empty,
                Covered = pattern is not null,
                StartTlsOffered = probe?.StartTlsOffered,
                Protocol = probe?.Protocol ?? default,
                CertificateValid = probe?.ChainValid is { } chain && probe.NameMatches is { } name ? chain && name : null,
                PassesEnforce = PassesEnforce(usable, pattern, probe),
                Problem = probe is null && problem.Length == 0 ? "not probed (-SkipSmtpProbe)" : problem,
                Probe = probe,
            });

            if (probe is not null && pattern is not null && problem.Length > 0)
            {
                findings.Add(new Finding(FindingCodes.MtaStsMxTlsFailed, probe.Verdict == Verdict.Error ? Severity.Warning : severity,
                    $"{host.Exchange} [{address}]: {problem}"));
            }
        }

        return rows;
    }

    // False when something certainly fails; null (unknown) when nothing was probed or no usable policy exists.
    private static bool? PassesEnforce(bool policyUsable, string? pattern, SmtpTlsResult? probe)
    {
        if ((probe is not null && TlsProblem(probe).Length > 0) || (policyUsable && pattern is null))
        {
            return false;
        }

        return probe is null || !policyUsable ? null : true;
    }

    private static string? Match(IEnumerable<string> patterns, string host) => patterns.FirstOrDefault(p => MxPatternMatcher.Matches(p, host));

    // RFC 8461 §4.1-4.2: a matching name, STARTTLS, TLS 1.2 or later, a certificate valid for the MX host.
    private static string Problem(bool policyUsable, string? pattern, SmtpTlsResult? probe)
    {
        var tls = probe is null ? string.Empty : TlsProblem(probe);
        if (!policyUsable)
        {
            return tls.Length > 0 ? tls : "no usable policy, so senders do not enforce TLS for this host";
        }

        if (pattern is null)
        {
            return "no mx pattern of the policy covers this host" + (tls.Length > 0 ? "; also " + tls : string.Empty);
        }

        return tls;
    }

    private static string TlsProblem(SmtpTlsResult probe)
    {
        if (probe.Verdict == Verdict.Error)
        {
            return "could not be probed: " + (probe.Findings.Count > 0 ? probe.Findings[0].Message : "unknown reason");
        }

        if (probe.StartTlsOffered == false || !probe.TlsEstablished)
        {
            return $"no TLS session ({probe.Findings}), so senders enforcing the policy will not deliver";
        }

        if (probe.Protocol.ToString() is "Ssl2" or "Ssl3" or "Tls" or "Tls11")
        {
            return $"negotiated {probe.Protocol}; RFC 8461 requires TLS 1.2 or later";
        }

        if (probe.ChainValid != true || probe.NameMatches != true)
        {
            var codes = string.Join(", ", probe.Findings.Where(f => f.Code.StartsWith("CERT_", StringComparison.Ordinal)).Select(f => f.Code));
            return $"its certificate would be rejected by senders enforcing the policy ({codes})";
        }

        return string.Empty;
    }

    private static void CheckTlsRpt(string mode, TlsRptRecord? record, DnsFailure? failure, List<Finding> findings)
    {
        if (failure is not null || record is null)
        {
            return;
        }

        if (!record.IsPublished && mode is "enforce" or "testing")
        {
            findings.Add(new Finding(FindingCodes.TlsRptMissing, Severity.Warning,
                $"No TLS-RPT record at {record.Name}: with MTA-STS in {mode} mode and no reports, delivery failures stay invisible to you. Publish one (New-TlsRptRecord makes it)." +
                (record.Errors.Count > 0 ? " " + string.Join(" ", record.Errors) : string.Empty)));
        }
        else if (record.IsPublished && !record.IsValid)
        {
            findings.AddRange(record.Errors.Select(e => new Finding(FindingCodes.TlsRptInvalid, Severity.Warning, e)));
        }
    }
}
