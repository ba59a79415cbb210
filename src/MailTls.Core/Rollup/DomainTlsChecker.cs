using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Client;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.MtaSts;
using MailTls.Rules;
using MailTls.Session;
using MailTls.Smtp;

namespace MailTls.Rollup;

/// <summary>
/// Test-MailDomainTls's work for one domain, on the run's session: MX (and DNSSEC), a STARTTLS probe of
/// every MX address with certificate and DANE checks, the MTA-STS record (and its policy only when a
/// record tells senders to fetch one), the TLS-RPT record; judged into one row, within a time budget.
/// </summary>
public sealed class DomainTlsChecker
{
    private readonly RunSession _session;
    private readonly SmtpTlsChecker _smtp;
    private readonly TimeSpan _budget;
    private readonly MailClientTlsChecker? _clients;

    /// <param name="session">The run.</param>
    /// <param name="smtp">Probes the MX hosts (port 25, STARTTLS).</param>
    /// <param name="budget">How long one domain may take in all; past it the row says so (Verdict Error).</param>
    /// <param name="clients">Also checks the domain's client endpoints (submission, IMAP, POP3); null: nothing of that is done.</param>
    public DomainTlsChecker(RunSession session, SmtpTlsChecker smtp, TimeSpan budget, MailClientTlsChecker? clients = null)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _smtp = smtp ?? throw new ArgumentNullException(nameof(smtp));
        _clients = clients;
        if (budget <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), "The per-domain budget must be positive.");
        }

        _budget = budget;
    }

    /// <summary>One row for <paramref name="domain"/>, whatever happens to it; only Ctrl+C throws.</summary>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<DomainTlsReport> CheckAsync(string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var clock = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_budget);
        try
        {
            return await CheckWithinAsync(name, clock, log, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            log.Write($"{name}: the {_budget.TotalSeconds:0.#} s budget ran out.");
            return DomainRules.TimedOut(name, _budget, clock.Elapsed, DateTimeOffset.UtcNow);
        }
    }

    private async Task<DomainTlsReport> CheckWithinAsync(string name, Stopwatch clock, OperationLog log, CancellationToken cancellationToken)
    {
        var mxTask = _session.MailExchangers.ResolveAsync(name, log, cancellationToken);
        var recordTask = _session.MtaStsRecords.GetRecordAsync(name, log, cancellationToken);
        var tlsRptTask = _session.TlsRptRecords.GetRecordAsync(name, log, cancellationToken);
        var clientsTask = _clients?.CheckDomainAsync(name, log, cancellationToken);

        var mx = await mxTask.ConfigureAwait(false);
        var hosts = mx.Exchangers.Where(e => !e.IsNullMx).ToArray();
        var probes = mx.Failure is null && hosts.Length > 0 ? _smtp.CheckExchangersAsync(hosts, null, log, cancellationToken) : null;

        var (record, recordFailure) = await recordTask.ConfigureAwait(false);
        // Senders fetch the policy only when a record tells them to.
        var (policy, policyProblems) = record is { IsPublished: true } or { Status: RecordStatus.Invalid }
            ? await _session.MtaStsPolicies.GetPolicyAsync(name, log, cancellationToken).ConfigureAwait(false)
            : (MtaStsPolicy.NotFetched(name), Array.Empty<Finding>());
        var (tlsRpt, tlsRptFailure) = await tlsRptTask.ConfigureAwait(false);
        var check = probes is null ? null : await probes.ConfigureAwait(false);
        var clients = clientsTask is null ? null : await clientsTask.ConfigureAwait(false);

        var evidence = new MtaStsEvidence(record, recordFailure, policy, policyProblems, tlsRpt, tlsRptFailure);
        var assessment = MtaStsChecker.Assess(name, evidence, mx, check);
        var report = DomainRules.Report(name, mx, check, assessment, clock.Elapsed, DateTimeOffset.UtcNow, clients);
        if (log.IsEnabled)
        {
            log.Write($"{name}: {report.Verdict}, ForcedTls {report.ForcedTls} ({report.ElapsedMs:0.0} ms). {report.Summary}");
        }

        return report;
    }
}
