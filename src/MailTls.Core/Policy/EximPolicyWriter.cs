using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailTls.Policy;

/// <summary>
/// An lsearch file of domains and their level (encrypt, verify, dane), and the routers and transports that
/// read it. Exim's TLS options take host lists, not domains, so per-domain enforcement goes through a
/// dnslookup router per level, each with its own smtp transport.
/// </summary>
internal static class EximPolicyWriter
{
    public const string DefaultPath = "/etc/exim4/forced-tls";

    private static readonly (ForcedTlsLevel Level, string Word, string[] Transport)[] Levels =
    {
        (ForcedTlsLevel.Dane, "dane", new[] { "hosts_require_tls = *", "hosts_require_dane = *" }),
        (ForcedTlsLevel.Verify, "verify", new[] { "hosts_require_tls = *", "tls_verify_certificates = system", "tls_verify_hosts = *", "tls_verify_cert_hostnames = *" }),
        (ForcedTlsLevel.Encrypt, "encrypt", new[] { "hosts_require_tls = *", "tls_try_verify_hosts = *" }),
    };

    public static PolicyParts Write(IReadOnlyList<DomainTlsState> domains, string path)
    {
        var configuration = Configuration(path);
        var width = domains.Select(d => d.Domain.Length).DefaultIfEmpty(0).Max() + 2;
        var text = new StringBuilder()
            .Append("# Exim forced-TLS domains and their level (encrypt, verify or dane), read by\n")
            .Append("# the forced_tls_* routers. Written by MailTls Export-ForcedTlsPolicy from\n")
            .Append("# Test-MailDomainTls results. Exim specification, \"The smtp transport\":\n")
            .Append("# https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_smtp_transport.html\n\n");
        foreach (var domain in domains)
        {
            text.Append((domain.Domain + ":").PadRight(width)).Append(Word(domain.ForcedTls)).Append('\n');
        }

        var apply = "exim -bV    # checks the configuration\nexim -bt postmaster@" + (domains.FirstOrDefault()?.Domain ?? "partner.example") + "    # shows the forced_tls router and transport\n";
        return new PolicyParts(text.ToString(), configuration, apply, domains.Select(d => new ForcedTlsPolicyEntry(d.Domain, d.ForcedTls)).ToArray());
    }

    private static string Word(ForcedTlsLevel level) => Levels.First(l => l.Level == level).Word;

    // All three routers always, so the configuration stays the same from one night's policy to the next.
    private static string Configuration(string path)
    {
        var text = new StringBuilder()
            .Append("# Routers: after \"begin routers\", before the dnslookup router that delivers\n")
            .Append("# to the Internet. A domain in ").Append(path).Append(" goes to the router of\n")
            .Append("# its level; no_more keeps it from falling through to one without forced TLS.\n\n");
        foreach (var (_, word, _) in Levels)
        {
            text.Append("forced_tls_").Append(word).Append(":\n")
                .Append("  driver = dnslookup\n")
                .Append("  domains = lsearch;").Append(path).Append('\n')
                .Append("  condition = ${if eq{$domain_data}{").Append(word).Append("}}\n")
                .Append(word == "dane" ? "  dnssec_request_domains = *\n" : string.Empty)
                .Append("  transport = forced_tls_").Append(word).Append("_smtp\n")
                .Append("  no_more\n\n");
        }

        text.Append("# Transports: after \"begin transports\". hosts_require_dane needs an Exim\n")
            .Append("# built with DANE support and a DNSSEC-validating resolver whose AD bit the\n")
            .Append("# system passes on (glibc: \"options trust-ad\" in /etc/resolv.conf).\n\n");
        foreach (var (_, word, options) in Levels)
        {
            text.Append("forced_tls_").Append(word).Append("_smtp:\n")
                .Append("  driver = smtp\n")
                .Append(string.Concat(options.Select(o => "  " + o + "\n")))
                .Append('\n');
        }

        return text.ToString();
    }
}
