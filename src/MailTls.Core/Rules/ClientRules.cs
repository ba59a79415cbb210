using System.Collections.Generic;
using System.Linq;
using MailTls.Client;

namespace MailTls.Rules;

/// <summary>
/// What a client endpoint's facts mean for the people who send and read mail through it: TLS must be
/// there before any password is, and the certificate must pass a client's validation.
/// </summary>
internal static class ClientRules
{
    /// <param name="facts">What the probe saw.</param>
    /// <param name="tls">The enumeration's findings (versions, suites, groups), when one ran (-IncludeCipherSuites).</param>
    public static IReadOnlyList<Finding> Judge(ClientProbeFacts facts, IReadOnlyList<Finding>? tls = null)
    {
        tls ??= new List<Finding>();
        var findings = new List<Finding>();
        if (facts.Failure is not null && !TlsSessionRules.ExplainedByVersions(facts.Failure, tls))
        {
            findings.Add(facts.Failure);
        }

        if (facts.TlsOffered == false)
        {
            findings.Add(new Finding(FindingCodes.StartTlsNotOffered, Severity.Error,
                $"{facts.ServerName} does not offer {TlsCommand(facts.Protocol)} on {facts.Protocol} port {facts.Port}: passwords and mail cross the network in clear text. Enable TLS on this port, or close it and offer implicit TLS on {ClientService.DefaultPort(facts.Protocol, SmtpTlsMode.Implicit)} (RFC 8314)."));
        }

        if (facts.BeforeTls is { AcceptsLogin: true } offer)
        {
            findings.Add(new Finding(FindingCodes.AuthBeforeTls, Severity.Error,
                $"{facts.ServerName} offers {offer.Describe(facts.Protocol)} on {facts.Protocol} port {facts.Port} before TLS: a client that logs in before {TlsCommand(facts.Protocol)} (or one an attacker strips it from) sends the credentials in clear text. {AuthOnlyAfterTls(facts.Protocol)}"));
        }

        if (tls.Count == 0 && TlsSessionRules.LegacyProtocol(facts.TlsEstablished, facts.TlsProtocol) is { } legacy)
        {
            findings.Add(legacy);
        }

        findings.AddRange(tls.Where(f => !findings.Any(known => known.Code == f.Code)));

        if (facts.Certificate is not null)
        {
            findings.AddRange(TlsSessionRules.ForValidatingPeer(facts.Certificate.Findings));
        }

        return findings;
    }

    /// <summary>The verdict: Error when the probe could not say anything about TLS.</summary>
    public static Verdict Verdict(FindingList findings, ClientProbeFacts facts) =>
        VerdictRules.From(findings, facts.Ran ? CheckCoverage.Complete : CheckCoverage.None);

    private static string TlsCommand(MailClientProtocol protocol) => protocol == MailClientProtocol.Pop3 ? "STLS" : "STARTTLS";

    private static string AuthOnlyAfterTls(MailClientProtocol protocol) => protocol switch
    {
        MailClientProtocol.Submission => "Offer AUTH only after STARTTLS (Postfix: smtpd_tls_auth_only = yes; Exchange: no Basic authentication over clear text on the client receive connector).",
        MailClientProtocol.Imap => "Advertise LOGINDISABLED and no AUTH= before STARTTLS (Dovecot: disable_plaintext_auth = yes, or ssl = required; Exchange: LoginType SecureLogin).",
        _ => "Offer USER and SASL only after STLS (Dovecot: disable_plaintext_auth = yes, or ssl = required; Exchange: LoginType SecureLogin).",
    };
}
