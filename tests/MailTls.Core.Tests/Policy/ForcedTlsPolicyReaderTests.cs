using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Tests.MtaSts;
using Xunit;

namespace MailTls.Tests.Policy;

public class ForcedTlsPolicyReaderTests
{
    [Property(MaxTest = 300)]
    public Property Read_WhatEveryFormatWrites_GivesBackItsDomainsAndTheLevelsItEnforces()
    {
        var domains =
            from count in Gen.Choose(1, 12)
            from names in Gen.ArrayOf(TextGenerators.HostName(2, 4), count)
            from levels in Gen.ArrayOf(Gen.Elements(ForcedTlsLevel.None, ForcedTlsLevel.Encrypt, ForcedTlsLevel.Verify, ForcedTlsLevel.Dane), count)
            from valid in Gen.ArrayOf(Gen.Elements<bool?>(true, false, null), count)
            select names.Select((name, i) => Changes.Rows.State(name, ("ForcedTls", levels[i].ToString()), ("CertificatesValid", valid[i]?.ToString() ?? string.Empty))).ToArray();
        var formats = Gen.Elements(Enum.GetValues<ForcedTlsFormat>());
        return Prop.ForAll(Arb.From(domains), Arb.From(formats), (states, format) =>
        {
            var policy = ForcedTlsPolicyAuthor.Create(states, format, ForcedTlsLevel.Encrypt, path: null);
            var read = ForcedTlsPolicyReader.Read(policy.Policy).Select(e => e.ToString()).OrderBy(e => e, StringComparer.Ordinal);
            var written = policy.GetEntries().Select(e => e.ToString()).OrderBy(e => e, StringComparer.Ordinal);
            return read.SequenceEqual(written).Label($"{format}: read {string.Join(", ", read)}; written {string.Join(", ", written)}");
        });
    }

    [Fact]
    public void Read_AHandWrittenPostfixTable_TakesTheForcingEntriesOnly()
    {
        const string table = """
            # partners
            example.edu                 none
            example.mil                 may
            example.gov                 encrypt protocols=TLSv1
            example.com                 verify ciphers=high
            example.net                 secure
            .example.net                secure match=.example.net:example.net
            [mail.example.org]:587      secure match=nexthop
            thumb.example.org           fingerprint
                match=b6:b4:72:34:e2:59:cd
            dane.example                dane
            Strict.Example.             dane-only
            """;

        Assert.Equal(
            new[] { "example.gov Encrypt", "example.com Verify", "example.net Verify", "thumb.example.org Verify", "dane.example Dane", "strict.example Dane" },
            ForcedTlsPolicyReader.Read(table).Select(e => e.ToString()));
    }

    [Fact]
    public void Read_HandWrittenSendmailEntries_TakeDomainsOnly()
    {
        const string access = "TLS_Srv:secure.example.com\tENCR:112\nTLS_Rcpt:darth@endmail.org\tENCR:112+CN:smtp.endmail.org\nTLS_Rcpt:partner.example\tPERM+VERIFY:112\ntls_rcpt:other.example ENCR:128\nConnect:spam.example REJECT\n";

        Assert.Equal(new[] { "partner.example Verify", "other.example Encrypt" }, ForcedTlsPolicyReader.Read(access).Select(e => e.ToString()));
    }

    [Fact]
    public void Read_ExchangeCommandsWithInlineParameters_PairTheDomainWithItsLevel()
    {
        const string script = """
            New-SendConnector -Name "Secure mail to Contoso" -AddressSpaces 'contoso.com' -RequireTLS $true -TlsAuthLevel CertificateValidation
            New-OutboundConnector -Name "Fabrikam" -RecipientDomains 'fabrikam.com' -TlsSettings EncryptionOnly
            New-SendConnector -Name "No TLS" -AddressSpaces 'plain.example'
            """;

        Assert.Equal(new[] { "contoso.com Verify", "fabrikam.com Encrypt" }, ForcedTlsPolicyReader.Read(script).Select(e => e.ToString()));
    }

    [Fact]
    public void Read_ADomainInSeveralLines_IsHeldToTheStrictest()
    {
        Assert.Equal("a.test Dane", Assert.Single(ForcedTlsPolicyReader.Read("a.test encrypt\na.test dane-only\na.test verify\n")).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only comments\n# a.test encrypt\n")]
    [InlineData("Domain,ForcedTls\na.test,Verify\n")]
    [InlineData("smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n")]
    public void Read_TextThatIsNoPolicy_GivesNoDomain(string text)
    {
        Assert.Empty(ForcedTlsPolicyReader.Read(text));
    }

    [Property(MaxTest = 2000)]
    public Property Read_AnyText_NeverThrows(string? text)
    {
        return (ForcedTlsPolicyReader.Read(text ?? string.Empty).All(e => e.Level is not null && e.Domain.Length > 0)).ToProperty();
    }
}
