using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailTls.Policy;

/// <summary>
/// An smtp_tls_policy_maps table (postconf(5)): dane-only, secure with the MX names seen verified, or
/// encrypt, each with protocols=>=TLSv1.2 when the domain was probed at TLS 1.2 or later.
/// </summary>
internal static class PostfixPolicyWriter
{
    public const string DefaultPath = "/etc/postfix/tls_policy";

    public static PolicyParts Write(IReadOnlyList<DomainTlsState> domains, string path)
    {
        var lines = domains.Select(d => (d.Domain, Value: Value(d))).ToArray();
        var width = lines.Select(l => l.Domain.Length).DefaultIfEmpty(0).Max() + 2;
        var configuration = Configuration(domains, path);
        var apply = $"postmap hash:{path}\npostfix reload\n";

        var text = new StringBuilder()
            .Append("# Postfix smtp_tls_policy_maps table: forced TLS to ").Append(domains.Count).Append(" domain(s), written\n")
            .Append("# by MailTls Export-ForcedTlsPolicy from Test-MailDomainTls results. Mail to a\n")
            .Append("# domain here that cannot get its level defers; it never goes in clear text.\n")
            .Append("#   dane-only         the MX hosts must match their TLSA records (DNSSEC);\n")
            .Append("#                     unlike dane, no fallback when the records go away\n")
            .Append("#   secure match=...  a certificate valid for an MX host verified when checked\n")
            .Append("#   verify            a certificate valid for the MX host name from DNS\n")
            .Append("#   encrypt           TLS required; the certificate is not checked\n")
            .Append("#   protocols=>=TLSv1.2 needs Postfix 3.6 or later\n")
            .Append("# https://www.postfix.org/postconf.5.html#smtp_tls_policy_maps\n")
            .Append("# https://www.postfix.org/TLS_README.html\n")
            .Append("#\n# main.cf:\n")
            .Append(string.Concat(configuration.Split('\n').Where(l => l.Length > 0).Select(l => "#   " + l.TrimStart('#', ' ') + "\n")))
            .Append("# then:\n")
            .Append(string.Concat(apply.Split('\n').Where(l => l.Length > 0).Select(l => "#   " + l + "\n")))
            .Append('\n');
        foreach (var (domain, value) in lines)
        {
            text.Append(domain.PadRight(width)).Append(value).Append('\n');
        }

        return new PolicyParts(text.ToString(), configuration, apply, domains.Select(d => new ForcedTlsPolicyEntry(d.Domain, d.ForcedTls)).ToArray());
    }

    private static string Value(DomainTlsState domain)
    {
        var level = domain.ForcedTls switch
        {
            ForcedTlsLevel.Dane => "dane-only",
            ForcedTlsLevel.Verify when domain.MxHosts.Count > 0 => "secure match=" + string.Join(":", domain.MxHosts),
            ForcedTlsLevel.Verify => "verify",
            _ => "encrypt",
        };
        return domain.LowestProtocol >= TlsVersion.Tls12 ? level + " protocols=>=TLSv1.2" : level;
    }

    private static string Configuration(IReadOnlyList<DomainTlsState> domains, string path)
    {
        var lines = new StringBuilder().Append("smtp_tls_policy_maps = hash:").Append(path).Append('\n');
        if (domains.Any(d => d.ForcedTls == ForcedTlsLevel.Dane))
        {
            lines.Append("# dane-only needs DNSSEC: a validating resolver in /etc/resolv.conf\n")
                .Append("smtp_dns_support_level = dnssec\n");
        }

        if (domains.Any(d => d.ForcedTls == ForcedTlsLevel.Verify))
        {
            lines.Append("# secure and verify need trusted roots: smtp_tls_CAfile or smtp_tls_CApath\n");
        }

        return lines.ToString();
    }
}
