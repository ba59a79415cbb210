using System.Collections.Generic;
using System.Linq;
using MailTls.Dane;
using MailTls.Smtp;
using MailTls.Tls;

namespace MailTls.Rules;

/// <summary>
/// What a probe's facts mean for mail to that server, as findings: the one place the SMTP rules
/// live, for every cmdlet that probes (Test-SmtpTls, Test-MtaSts, the domain roll-up).
/// </summary>
internal static class SmtpRules
{
    /// <param name="facts">What the probe saw.</param>
    /// <param name="dane">The DANE evaluation of the presented certificates.</param>
    /// <param name="scan">The quick version scan, when one ran (-IncludeProtocolScan).</param>
    public static IReadOnlyList<Finding> Judge(SmtpProbeFacts facts, DaneEvaluation dane, TlsProtocolScan? scan = null)
    {
        var findings = new List<Finding>();
        var versions = scan is null ? new List<Finding>() : TlsRules.ForProtocolScan(scan).ToList();
        if (facts.Busy && facts.Failure?.Code != FindingCodes.SmtpRateLimited)
        {
            findings.Add(RefusedWhileBusy(facts));
        }
        else if (facts.Failure is not null && !TlsSessionRules.ExplainedByVersions(facts.Failure, versions))
        {
            findings.Add(facts.Failure);
        }

        if (facts.StartTlsOffered == false)
        {
            findings.Add(new Finding(FindingCodes.StartTlsNotOffered, Severity.Error,
                $"{facts.ServerName} does not offer STARTTLS: mail to it travels in clear text. Enable TLS on the server (Postfix: smtpd_tls_security_level = may with a certificate; Exchange: a certificate bound to the receive connector)."));
        }

        if (versions.Count == 0 && TlsSessionRules.LegacyProtocol(facts.TlsEstablished, facts.Protocol) is { } legacy)
        {
            findings.Add(legacy);
        }

        findings.AddRange(versions);
        if (facts.Certificate is not null)
        {
            findings.AddRange(facts.Certificate.Findings);
        }

        if (dane.Finding is not null)
        {
            findings.Add(dane.Finding);
        }

        return findings;
    }

    // A refusal from an address that answered earlier in the run is a limit on this client, not a closed port.
    private static Finding RefusedWhileBusy(SmtpProbeFacts facts) =>
        new(FindingCodes.SmtpRateLimited, Severity.Error,
            $"{facts.ServerName} [{facts.Address}] answered earlier in this run but now refuses connections from this client, even after waiting. "
            + "That says nothing about its TLS: it limits connections from one client. Probe it again later, or with a lower -ThrottleLimit.");
}
