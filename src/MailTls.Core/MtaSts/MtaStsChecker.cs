using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Rules;
using MailTls.Session;
using MailTls.Smtp;

namespace MailTls.MtaSts;

/// <summary>
/// Test-MtaSts's work: would senders honour this domain's policy, and would enforcing it bounce
/// mail? Gathers the record, the policy, the MX hosts (probed through the run's SMTP checker) and
/// the TLS-RPT record, and judges them with the MTA-STS rules.
/// </summary>
public sealed class MtaStsChecker
{
    private readonly RunSession _session;
    private readonly SmtpTlsChecker? _smtp;

    /// <param name="session">The run: resolver, policy fetches, caches.</param>
    /// <param name="smtp">Probes the MX hosts; null to judge coverage only (when port 25 is blocked here).</param>
    public MtaStsChecker(RunSession session, SmtpTlsChecker? smtp)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _smtp = smtp;
    }

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<MtaStsAssessment> CheckAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var recordTask = _session.MtaStsRecords.GetRecordAsync(name, log, cancellationToken);
        var policyTask = _session.MtaStsPolicies.GetPolicyAsync(name, log, cancellationToken);
        var tlsRptTask = _session.TlsRptRecords.GetRecordAsync(name, log, cancellationToken);
        var mxTask = _session.MailExchangers.ResolveAsync(name, log, cancellationToken);
        await Task.WhenAll(recordTask, policyTask, tlsRptTask, mxTask).ConfigureAwait(false);

        var (record, recordFailure) = recordTask.Result;
        var (policy, policyProblems) = policyTask.Result;
        var (tlsRpt, tlsRptFailure) = tlsRptTask.Result;
        var mx = mxTask.Result;
        var hosts = mx.Exchangers.Where(e => !e.IsNullMx).ToArray();
        var check = _smtp is null || hosts.Length == 0 ? null : await _smtp.CheckExchangersAsync(hosts, _session.Dns, log, cancellationToken).ConfigureAwait(false);
        return Assess(name, new MtaStsEvidence(record, recordFailure, policy, policyProblems, tlsRpt, tlsRptFailure), mx, check);
    }

    /// <summary>
    /// Judges gathered evidence with the MTA-STS rules: the one place an MtaStsAssessment is made, for
    /// Test-MtaSts and the domain roll-up alike.
    /// </summary>
    /// <param name="name">The domain (A-label form).</param>
    /// <param name="evidence">The record, policy and TLS-RPT record as read.</param>
    /// <param name="mx">The domain's MX lookup.</param>
    /// <param name="check">The probes of its MX hosts; null when they were not probed.</param>
    internal static MtaStsAssessment Assess(string name, MtaStsEvidence evidence, MailExchangerLookup mx, SmtpCheck? check)
    {
        var (record, recordFailure, policy, policyProblems, tlsRpt, tlsRptFailure) =
            (evidence.Record, evidence.RecordFailure, evidence.Policy, evidence.PolicyProblems, evidence.TlsRpt, evidence.TlsRptFailure);
        if (mx.Exchangers.Count > 0 && mx.Exchangers.All(e => e.IsNullMx))
        {
            return NullMx(name, record, policy, tlsRpt);
        }

        var findings = new List<Finding>(MtaStsRules.Record(name, record, recordFailure));
        // Without a record senders never fetch the policy, so its problems would only be noise.
        if (record is not { Status: RecordStatus.NotPublished })
        {
            findings.AddRange(policyProblems);
        }

        var mode = policy.IsValid ? policy.Mode : null;
        findings.AddRange(MtaStsRules.Mode(mode));
        findings.AddRange(MtaStsRules.MaxAge(policy.MaxAge));
        if (mx.Failure is not null)
        {
            findings.Add(mx.Failure.ToFinding($"The MX hosts of {name} could not be resolved"));
        }

        var hosts = mx.Exchangers.Where(e => !e.IsNullMx).ToArray();
        findings.AddRange(MtaStsRules.Coverage(policy, hosts.Select(h => h.Exchange).ToArray()));
        var exchangers = Exchangers(hosts, policy, check, findings);
        findings.AddRange(MtaStsRules.TlsRpt(mode, tlsRpt, tlsRptFailure));

        var list = new FindingList(FindingMerge.ByCode(findings));
        var unprobed = check is not null && (check.Faults.Count > 0 || exchangers.Any(e => e.Probe?.Verdict == Verdict.Error));
        var coverage = recordFailure is not null || mx.Failure is not null ? CheckCoverage.None
            : unprobed ? CheckCoverage.Partial
            : CheckCoverage.Complete;
        // Not ready as soon as one MX certainly fails; unknown while any could not be probed.
        bool? allPass = exchangers.Any(e => e.PassesEnforce == false) ? false
            : check is null || unprobed || exchangers.Count == 0 ? null
            : exchangers.All(e => e.PassesEnforce == true);
        var usable = record?.IsValid == true && MtaStsRules.IsUsable(policy);
        return new MtaStsAssessment
        {
            Domain = name,
            Mode = mode,
            RecordValid = record?.IsValid == true,
            RecordId = record?.Id ?? string.Empty,
            PolicyValid = policy.IsValid,
            MaxAge = policy.MaxAge,
            AllMxPass = allPass,
            ReadyToEnforce = !usable ? false : allPass,
            TlsRptValid = tlsRpt?.IsValid == true,
            TlsRptRua = tlsRpt?.Rua ?? TextList.None,
            Exchangers = new MtaStsExchangerList(exchangers),
            Record = record,
            Policy = policy,
            TlsRpt = tlsRpt,
            Findings = list,
            Verdict = VerdictRules.From(list, coverage),
            Faults = check?.Faults ?? Array.Empty<ProbeFault>(),
        };
    }

    // RFC 7505: a domain that accepts no mail has nothing for MTA-STS to protect.
    private static MtaStsAssessment NullMx(string domain, MtaStsRecord? record, MtaStsPolicy policy, TlsRptRecord? tlsRpt)
    {
        var findings = new FindingList(new[]
        {
            new Finding(FindingCodes.NullMx, Severity.Info, $"{domain} publishes a null MX (RFC 7505): it accepts no mail, so MTA-STS has nothing to protect and no policy is needed."),
        });
        return new MtaStsAssessment
        {
            Domain = domain,
            Mode = policy.IsValid ? policy.Mode : null,
            RecordValid = record?.IsValid == true,
            RecordId = record?.Id ?? string.Empty,
            PolicyValid = policy.IsValid,
            MaxAge = policy.MaxAge,
            TlsRptValid = tlsRpt?.IsValid == true,
            TlsRptRua = tlsRpt?.Rua ?? TextList.None,
            Exchangers = new MtaStsExchangerList(Array.Empty<MtaStsExchanger>()),
            Record = record,
            Policy = policy,
            TlsRpt = tlsRpt,
            Findings = findings,
            Verdict = VerdictRules.From(findings, CheckCoverage.Complete),
        };
    }

    private static IReadOnlyList<MtaStsExchanger> Exchangers(IReadOnlyList<MailExchanger> hosts, MtaStsPolicy policy, SmtpCheck? check, List<Finding> findings)
    {
        var usable = MtaStsRules.IsUsable(policy);
        var severity = MtaStsRules.EnforceSeverity(policy.Mode);
        var probes = check is null
            ? hosts.SelectMany(h => h.Addresses.Select(a => (Host: h, Address: a, Probe: (SmtpTlsResult?)null))).ToArray()
            : check.Results.Select(p => (Host: hosts.First(h => h.Exchange == p.Exchange), p.Address, Probe: (SmtpTlsResult?)p)).ToArray();

        var rows = new List<MtaStsExchanger>();
        foreach (var (host, address, probe) in probes)
        {
            var pattern = usable ? MtaStsRules.Match(policy.Mx, host.Exchange) : null;
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
                Protocol = probe?.Protocol,
                CertificateValid = probe?.ChainValid is { } chain && probe.NameMatches is { } name ? chain && name : null,
                PassesEnforce = MtaStsRules.PassesEnforce(usable, pattern, probe),
                Problem = probe is null && problem.Length == 0 ? "not probed (-SkipSmtpProbe)" : problem,
                Probe = probe,
            });

            if (probe is not null && pattern is not null && problem.Length > 0)
            {
                findings.Add(new Finding(FindingCodes.MtaStsMxTlsFailed, probe.Verdict == Verdict.Error ? Severity.Warning : severity,
                    $"{host.Exchange} [{address}]: {problem}."));
            }
        }

        return rows;
    }

    private static string Problem(bool policyUsable, string? pattern, SmtpTlsResult? probe)
    {
        var tls = probe is null ? string.Empty : MtaStsRules.TlsProblem(probe);
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
}
