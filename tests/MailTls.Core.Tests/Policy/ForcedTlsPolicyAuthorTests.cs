using System;
using System.Linq;
using System.Text.RegularExpressions;
using MailTls.Tests.Changes;
using Xunit;

namespace MailTls.Tests.Policy;

public class ForcedTlsPolicyAuthorTests
{
    private static readonly DomainTlsState[] Lab =
    {
        Rows.State("dane.test", ("ForcedTls", "Dane"), ("Dane", "Valid")),
        Rows.State("verify.test"),
        Rows.State("tls12.test", ("ForcedTls", "Verify"), ("LowestProtocol", "Tls12"), ("MxHosts", "tls12.test")),
        Rows.State("encrypt.test", ("ForcedTls", "Encrypt"), ("CertificatesValid", "False")),
        Rows.State("none.test", ("ForcedTls", "None"), ("Summary", "Do not force TLS: mx.none.test does not offer STARTTLS.")),
    };

    [Fact]
    public void Postfix_EachLevel_GetsItsPolicyWord()
    {
        var policy = ForcedTlsPolicyAuthor.Create(Lab, ForcedTlsFormat.Postfix, ForcedTlsLevel.Encrypt, path: null);

        Assert.Equal(
            new[]
            {
                "dane.test     dane-only protocols=>=TLSv1.2",
                "encrypt.test  encrypt protocols=>=TLSv1.2",
                "tls12.test    secure match=tls12.test protocols=>=TLSv1.2",
                "verify.test   secure match=mx1.verify.test:mx2.verify.test protocols=>=TLSv1.2",
            },
            DataLines(policy.Policy));
        Assert.Equal(4, policy.Domains);
        Assert.Equal(1, policy.LeftOut);
        Assert.StartsWith("smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n", policy.Configuration, StringComparison.Ordinal);
        Assert.Contains("\nsmtp_dns_support_level = dnssec\n", policy.Configuration, StringComparison.Ordinal);
        Assert.Equal("postmap hash:/etc/postfix/tls_policy\npostfix reload\n", policy.Apply);
    }

    [Fact]
    public void Postfix_WithoutMxNamesOrProtocol_UsesVerifyAndNoProtocols()
    {
        var policy = ForcedTlsPolicyAuthor.Create(new[] { DomainTlsState.ForLevel("Partner.Test", ForcedTlsLevel.Verify) }, ForcedTlsFormat.Postfix, ForcedTlsLevel.Encrypt, "/srv/tls_policy");

        Assert.Equal(new[] { "partner.test  verify" }, DataLines(policy.Policy));
        Assert.DoesNotContain("smtp_dns_support_level", policy.Configuration, StringComparison.Ordinal);
        Assert.Contains("hash:/srv/tls_policy", policy.Configuration, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ADomainBelowTheMinimum_IsLeftOutWithTheReason()
    {
        var policy = ForcedTlsPolicyAuthor.Create(Lab, ForcedTlsFormat.Sendmail, ForcedTlsLevel.Verify, path: null);

        Assert.Equal(new[] { "dane.test", "tls12.test", "verify.test" }, policy.GetEntries().Select(e => e.Domain));
        Assert.Equal(
            new[]
            {
                "encrypt.test is left out of the forced-TLS policy: ForcedTls Encrypt, below Verify. Every MX host encrypts with TLS 1.2+ and a certificate valid for its name.",
                "none.test is left out of the forced-TLS policy: ForcedTls None, below Verify. Do not force TLS: mx.none.test does not offer STARTTLS.",
            },
            policy.GetLeftOut());
    }

    [Fact]
    public void Create_ADomainListedTwice_CountsItsFirstRow()
    {
        var policy = ForcedTlsPolicyAuthor.Create(new[] { Rows.State("a.test", ("ForcedTls", "Encrypt")), Rows.State("a.test", ("ForcedTls", "Dane")) }, ForcedTlsFormat.Exim, ForcedTlsLevel.Encrypt, path: null);

        Assert.Equal("a.test Encrypt", Assert.Single(policy.GetEntries()).ToString());
    }

    [Fact]
    public void Create_MinimumNone_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ForcedTlsPolicyAuthor.Create(Lab, ForcedTlsFormat.Postfix, ForcedTlsLevel.None, path: null));
    }

    [Fact]
    public void Create_TheSameDomainsInAnyOrder_GiveTheSameText()
    {
        var forward = ForcedTlsPolicyAuthor.Create(Lab, ForcedTlsFormat.Exchange, ForcedTlsLevel.Encrypt, path: null);
        var backward = ForcedTlsPolicyAuthor.Create(Lab.Reverse(), ForcedTlsFormat.Exchange, ForcedTlsLevel.Encrypt, path: null);

        Assert.Equal(forward.Policy, backward.Policy);
    }

    [Theory]
    [InlineData("Verify", "mx.partner.test", "True", "DomainValidation", "mx.partner.test", ForcedTlsLevel.Verify)]
    [InlineData("Verify", "mx1.partner.test; mx2.partner.test", "True", "DomainValidation", "*.partner.test", ForcedTlsLevel.Verify)]
    [InlineData("Verify", "mx.partner.test; mx.hoster.test", "True", "CertificateValidation", "", ForcedTlsLevel.Verify)]
    [InlineData("Verify", "a.com; b.com", "True", "CertificateValidation", "", ForcedTlsLevel.Verify)]
    [InlineData("Verify", "", "True", "CertificateValidation", "", ForcedTlsLevel.Verify)]
    [InlineData("Dane", "mx1.partner.test; mx2.partner.test", "True", "DomainValidation", "*.partner.test", ForcedTlsLevel.Verify)]
    [InlineData("Dane", "mx1.partner.test; mx2.partner.test", "False", "EncryptionOnly", "", ForcedTlsLevel.Encrypt)]
    [InlineData("Encrypt", "mx.partner.test", "False", "EncryptionOnly", "", ForcedTlsLevel.Encrypt)]
    public void Exchange_TheLevel_IsTheStrongestAConnectorCanRequire(string level, string hosts, string certificatesValid, string authLevel, string tlsDomain, ForcedTlsLevel enforced)
    {
        var domain = Rows.State("partner.test", ("ForcedTls", level), ("MxHosts", hosts), ("CertificatesValid", certificatesValid));

        foreach (var (format, setting) in new[] { (ForcedTlsFormat.Exchange, "TlsAuthLevel"), (ForcedTlsFormat.ExchangeOnline, "TlsSettings") })
        {
            var policy = ForcedTlsPolicyAuthor.Create(new[] { domain }, format, ForcedTlsLevel.Encrypt, path: null);

            Assert.Matches($@"\n    {setting} += '{authLevel}'\r\n", policy.Policy);
            if (tlsDomain.Length > 0)
            {
                Assert.Matches($@"\n    TlsDomain += '{Regex.Escape(tlsDomain)}'\r\n", policy.Policy);
                Assert.DoesNotContain("-TlsDomain $null", policy.Policy, StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain("    TlsDomain ", policy.Policy, StringComparison.Ordinal);
                Assert.Contains(" @tls -TlsDomain $null -WhatIf:(-not $Apply)", policy.Policy, StringComparison.Ordinal);
            }

            Assert.Equal(enforced, Assert.Single(policy.GetEntries()).Level);
        }
    }

    [Theory]
    [InlineData("False", "its certificates do not verify without it")]
    [InlineData("", "whether its certificates verify without it is not known")]
    public void Exchange_DaneWithoutVerifiedCertificates_IsEncryptionOnly_AndSaysWhy(string certificatesValid, string why)
    {
        var domain = Rows.State("partner.test", ("ForcedTls", "Dane"), ("MxHosts", "mx.partner.test"), ("CertificatesValid", certificatesValid));

        var policy = ForcedTlsPolicyAuthor.Create(new[] { domain }, ForcedTlsFormat.Exchange, ForcedTlsLevel.Encrypt, path: null);

        Assert.Contains($"# partner.test bears Dane: EncryptionOnly, connectors cannot require DANE, and {why}", policy.Policy, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_EveryNewAndSetCommand_RunsWithWhatIfUnlessApplied()
    {
        foreach (var format in new[] { ForcedTlsFormat.Exchange, ForcedTlsFormat.ExchangeOnline })
        {
            var lines = ForcedTlsPolicyAuthor.Create(Lab, format, ForcedTlsLevel.Encrypt, path: null).Policy.Split("\r\n");
            var changing = lines.Where(l => Regex.IsMatch(l, @"^\s*(New|Set)-")).ToArray();

            Assert.Equal(8, changing.Length);
            Assert.All(changing, line => Assert.EndsWith(" -WhatIf:(-not $Apply)", line, StringComparison.Ordinal));
            Assert.Contains("    [switch] $Apply", lines);
        }
    }

    [Fact]
    public void Exchange_ALongDomain_GetsAConnectorNameWithinSixtyFourCharacters()
    {
        var first = new string('a', 60) + ".partner.test";
        var second = new string('b', 60) + ".partner.test";

        var policy = ForcedTlsPolicyAuthor.Create(new[] { DomainTlsState.ForLevel(first, ForcedTlsLevel.Encrypt), DomainTlsState.ForLevel(second, ForcedTlsLevel.Encrypt) }, ForcedTlsFormat.ExchangeOnline, ForcedTlsLevel.Encrypt, path: null);
        var names = Regex.Matches(policy.Policy, @"^\$name = '([^']+)'", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();

        Assert.Equal(2, names.Length);
        Assert.All(names, name => Assert.InRange(name.Length, 1, 64));
        Assert.NotEqual(names[0], names[1]);
        Assert.All(names, name => Assert.EndsWith(".partner.test", name, StringComparison.Ordinal));
    }

    [Fact]
    public void Exim_TheDomainFileHasEachLevel_AndTheConfigurationEveryRouterAndTransport()
    {
        var policy = ForcedTlsPolicyAuthor.Create(Lab, ForcedTlsFormat.Exim, ForcedTlsLevel.Encrypt, "/etc/exim/forced");

        Assert.Equal(new[] { "dane.test:    dane", "encrypt.test: encrypt", "tls12.test:   verify", "verify.test:  verify" }, DataLines(policy.Policy));
        foreach (var level in new[] { "dane", "verify", "encrypt" })
        {
            Assert.Contains($"forced_tls_{level}:\n  driver = dnslookup\n  domains = lsearch;/etc/exim/forced\n  condition = ${{if eq{{$domain_data}}{{{level}}}}}\n", policy.Configuration, StringComparison.Ordinal);
            Assert.Contains($"forced_tls_{level}_smtp:\n  driver = smtp\n  hosts_require_tls = *\n", policy.Configuration, StringComparison.Ordinal);
        }

        Assert.Contains("  hosts_require_dane = *\n", policy.Configuration, StringComparison.Ordinal);
        Assert.Contains("  tls_verify_hosts = *\n", policy.Configuration, StringComparison.Ordinal);
        Assert.Contains("  tls_verify_cert_hostnames = *\n", policy.Configuration, StringComparison.Ordinal);
    }

    [Fact]
    public void Sendmail_VerifyAndDaneGetVerify_EncryptGetsEncr()
    {
        var policy = ForcedTlsPolicyAuthor.Create(Lab, ForcedTlsFormat.Sendmail, ForcedTlsLevel.Encrypt, path: null);

        Assert.Equal(
            new[] { "TLS_Rcpt:dane.test\tVERIFY:128", "TLS_Rcpt:encrypt.test\tENCR:128", "TLS_Rcpt:tls12.test\tVERIFY:128", "TLS_Rcpt:verify.test\tVERIFY:128" },
            DataLines(policy.Policy));
        Assert.Contains("define(`confDANE', `true')dnl", policy.Configuration, StringComparison.Ordinal);
        Assert.Contains("FEATURE(`access_db')dnl", policy.Configuration, StringComparison.Ordinal);
        Assert.Equal("makemap hash /etc/mail/access < /etc/mail/access\n", policy.Apply);
        Assert.DoesNotContain("confDANE", ForcedTlsPolicyAuthor.Create(Lab.Skip(1), ForcedTlsFormat.Sendmail, ForcedTlsLevel.Encrypt, path: null).Configuration, StringComparison.Ordinal);
    }

    [Fact]
    public void Sendmail_ADomainLeftOutUnderAnIncludedOne_GetsAnEntryThatForcesNothing()
    {
        var domains = new[] { Rows.State("partner.test"), Rows.State("old.partner.test", ("ForcedTls", "None")), Rows.State("other.test", ("ForcedTls", "None")) };

        var policy = ForcedTlsPolicyAuthor.Create(domains, ForcedTlsFormat.Sendmail, ForcedTlsLevel.Encrypt, path: null);

        Assert.Equal(new[] { "TLS_Rcpt:partner.test\tVERIFY:128", "TLS_Rcpt:old.partner.test\tOK" }, DataLines(policy.Policy));
        Assert.Equal("partner.test Verify", Assert.Single(ForcedTlsPolicyReader.Read(policy.Policy)).ToString());
    }

    [Fact]
    public void Create_EveryFormat_WritesOnlyAscii()
    {
        foreach (var format in Enum.GetValues<ForcedTlsFormat>())
        {
            var policy = ForcedTlsPolicyAuthor.Create(Lab, format, ForcedTlsLevel.Encrypt, path: null);

            Assert.All(policy.Policy + policy.Configuration + policy.Apply, c => Assert.InRange(c, '\t', '~'));
        }
    }

    private static string[] DataLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
}
