using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailTls.Policy;

/// <summary>
/// Access map entries: TLS_Rcpt:domain with VERIFY:128 or ENCR:128 (cf/README, "STARTTLS"). The tls_rcpt
/// ruleset checks them before each RCPT, so every MX host of the domain is held to them. A DANE match sets
/// ${verify} to TRUSTED, which VERIFY accepts, so DANE domains get VERIFY too. The access map's domain
/// lookup walks up the name (TLS_Rcpt:contoso.com also answers for sub.contoso.com), so a domain left out
/// that lies under a domain in the policy gets an entry of its own that forces nothing.
/// </summary>
internal static class SendmailPolicyWriter
{
    public const string DefaultPath = "/etc/mail/access";

    public static PolicyParts Write(IReadOnlyList<DomainTlsState> domains, IReadOnlyList<DomainTlsState> leftOut, string path)
    {
        var text = new StringBuilder()
            .Append("# Sendmail access map entries: forced TLS to ").Append(domains.Count).Append(" domain(s), written by\n")
            .Append("# MailTls Export-ForcedTlsPolicy from Test-MailDomainTls results. Add them to\n")
            .Append("# ").Append(path).Append(" (FEATURE(`access_db')) and run makemap.\n")
            .Append("#   VERIFY:128  a verified certificate (or a DANE match), 128-bit encryption\n")
            .Append("#   ENCR:128    128-bit encryption; the certificate is not checked\n")
            .Append("# See cf/README in the sendmail distribution: STARTTLS, tls_rcpt, TLS_Rcpt.\n\n");
        foreach (var domain in domains)
        {
            text.Append("TLS_Rcpt:").Append(domain.Domain).Append('\t').Append(domain.ForcedTls >= ForcedTlsLevel.Verify ? "VERIFY:128" : "ENCR:128").Append('\n');
        }

        var forced = new HashSet<string>(domains.Select(d => d.Domain), StringComparer.Ordinal);
        var exempt = leftOut.Where(d => UnderOneOf(d.Domain, forced)).ToArray();
        if (exempt.Length > 0)
        {
            text.Append("\n# Left out, but under a domain above: OK keeps the parent's entry from applying.\n");
            foreach (var domain in exempt)
            {
                text.Append("TLS_Rcpt:").Append(domain.Domain).Append("\tOK\n");
            }
        }

        var configuration = new StringBuilder()
            .Append("dnl sendmail.mc: the access map holds the TLS_Rcpt entries\n")
            .Append("FEATURE(`access_db')dnl\n")
            .Append("dnl VERIFY needs the roots that sign the partners' certificates\n")
            .Append("define(`confCACERT_PATH', `/etc/ssl/certs')dnl\n");
        if (domains.Any(d => d.ForcedTls == ForcedTlsLevel.Dane))
        {
            configuration.Append("dnl DANE, for a sendmail built with it (sendmail -d0.1 lists DANE under \"Compiled with\")\n")
                .Append("define(`confDANE', `true')dnl\n");
        }

        var apply = $"makemap hash {path} < {path}\n";
        var entries = domains.Select(d => new ForcedTlsPolicyEntry(d.Domain, d.ForcedTls >= ForcedTlsLevel.Verify ? ForcedTlsLevel.Verify : ForcedTlsLevel.Encrypt)).ToArray();
        return new PolicyParts(text.ToString(), configuration.ToString(), apply, entries);
    }

    // Each parent of the name (b.c for a.b.c, then c) looked up: a left-out list of thousands against a
    // policy of thousands stays linear.
    private static bool UnderOneOf(string domain, HashSet<string> parents)
    {
        for (var dot = domain.IndexOf('.'); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            if (parents.Contains(domain.Substring(dot + 1)))
            {
                return true;
            }
        }

        return false;
    }
}
