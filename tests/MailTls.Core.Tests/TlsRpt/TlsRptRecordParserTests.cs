using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.TlsRpt;
using MailTls.Tests.MtaSts;
using Xunit;

namespace MailTls.Tests.TlsRpt;

public class TlsRptRecordParserTests
{
    [Theory]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:tlsrpt@example.com" }, new[] { "mailto:tlsrpt@example.com" })]
    [InlineData(new[] { "v=TLSRPTv1;rua=mailto:a@example.com,https://reports.example.com/v1/tlsrpt" }, new[] { "mailto:a@example.com", "https://reports.example.com/v1/tlsrpt" })]
    [InlineData(new[] { "v=TLSRPTv1 ; rua=mailto:a@example.com ,\thttps://r.example.com ;" }, new[] { "mailto:a@example.com", "https://r.example.com" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:a@example.com%2Cb@example.net" }, new[] { "mailto:a@example.com%2Cb@example.net" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:%22a%2Cb%22@example.com" }, new[] { "mailto:%22a%2Cb%22@example.com" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:a%21b@example.com" }, new[] { "mailto:a%21b@example.com" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:%22a%5C%22b%2Cc%22@example.com" }, new[] { "mailto:%22a%5C%22b%2Cc%22@example.com" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:a@b%C3%BCcher.example" }, new[] { "mailto:a@b%C3%BCcher.example" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=MAILTO:a@example.com,HTTPS://R.example.com/" }, new[] { "MAILTO:a@example.com", "HTTPS://R.example.com/" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:a@example.com?subject=tls-report" }, new[] { "mailto:a@example.com?subject=tls-report" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=https://[2001:db8::1]:8443/tlsrpt" }, new[] { "https://[2001:db8::1]:8443/tlsrpt" })]
    [InlineData(new[] { "v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com" }, new[] { "mailto:a@example.com" })]
    [InlineData(new[] { "v=TLSRPTv1; rua=mailto:a@example.com", "v=STSv1; id=abc" }, new[] { "mailto:a@example.com" })]
    [InlineData(new[] { "v=TLSRPTv1; ruf=mailto:x@example.com; rua=mailto:a@example.com; ext=1" }, new[] { "mailto:a@example.com" })]
    public void Parse_ValidRecord_GivesTheRuaList(string[] records, string[] rua)
    {
        var result = TlsRptRecordParser.Parse(records);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.True(result.Found);
        Assert.Equal("TLSRPTv1", result.Version);
        Assert.Equal(rua, result.Rua);
        Assert.Equal(records.Single(r => r.StartsWith("v=TLSRPTv1", StringComparison.Ordinal)), result.Record);
    }

    [Theory]
    [InlineData("v=TLSRPTv1; rua=ftp://reports.example.com/in", "rua URIs must use the mailto: or https: scheme; 'ftp://reports.example.com/in' uses 'ftp:'")]
    [InlineData("v=TLSRPTv1; rua=http://reports.example.com/", "uses 'http:'")]
    [InlineData("v=TLSRPTv1; rua=tlsrpt@example.com", "is not a URI; write 'mailto:tlsrpt@example.com'")]
    [InlineData("v=TLSRPTv1; rua=reports", "is not a URI; use a mailto: or https: URI")]
    [InlineData("v=TLSRPTv1; rua=mailto:not-an-address", "has no '@domain' part")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@", "does not hold a valid e-mail address: 'a@'")]
    [InlineData("v=TLSRPTv1; rua=mailto:@example.com", "does not hold a valid e-mail address")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@-bad.example", "the domain of 'a@-bad.example'")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@[192.0.2.1]", "is not valid")]
    [InlineData("v=TLSRPTv1; rua=mailto:reports%2C@example.com", "the address 'reports' in 'mailto:reports%2C@example.com' has no '@domain' part")]
    [InlineData("v=TLSRPTv1; rua=mailto:Name%20%3Ca@example.com%3E", "does not hold a valid e-mail address: 'Name <a@example.com>'")]
    [InlineData("v=TLSRPTv1; rua=mailto:Name <a@example.com>", "contains a space, which a URI may not hold unencoded")]
    [InlineData("v=TLSRPTv1; rua=mailto:<a@example.com>", "contains '<'")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@bücher.example", "contains 'ü'")]
    [InlineData("v=TLSRPTv1; rua=mailto:a!b@example.com", "'!' as %21")]
    [InlineData("v=TLSRPTv1; rua=mailto:a%zz@example.com", "'%' that is not followed by two hexadecimal digits")]
    [InlineData("v=TLSRPTv1; rua=mailto:", "names no address")]
    [InlineData("v=TLSRPTv1; rua=mailto:?subject=x", "names no address")]
    [InlineData("v=TLSRPTv1; rua=https:reports.example.com", "must be an absolute https:// URL with a host name")]
    [InlineData("v=TLSRPTv1; rua=https://", "must be an absolute https:// URL")]
    [InlineData("v=TLSRPTv1; rua=https:///path", "must be an absolute https:// URL")]
    [InlineData("v=TLSRPTv1", "has no rua field")]
    [InlineData("v=TLSRPTv1; ruf=mailto:a@example.com", "has no rua field")]
    [InlineData("v=TLSRPTv1; RUA=mailto:a@example.com", "has no rua field")]
    [InlineData("v=TLSRPTv1; rua=", "the rua field is empty")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com,,mailto:b@example.com", "has an empty entry")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com,", "has an empty entry")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", "more than one rua field")]
    [InlineData("v=TLSRPTv1 ext=1; rua=mailto:a@example.com", "fields are separated by ';'")]
    [InlineData("v=TLSRPTv1;; rua=mailto:a@example.com", "empty field")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com; v=TLSRPTv1", "repeats the version")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com; ext", "not a field of the form name=value")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com; ext=a b", "contains a space")]
    public void Parse_BrokenRecord_SaysWhichRule(string record, string reason)
    {
        var result = TlsRptRecordParser.Parse(new[] { record });

        Assert.True(result.Found);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RFC 8460 §3: ", error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Parse_OneBadUriAmongGoodOnes_KeepsTheGoodOnes()
    {
        var result = TlsRptRecordParser.Parse(new[] { "v=TLSRPTv1; rua=mailto:a@example.com,ftp://x.example.com,https://r.example.com" });

        Assert.False(result.IsValid);
        Assert.Equal(new[] { "mailto:a@example.com", "https://r.example.com" }, result.Rua);
        Assert.Contains("'ftp:'", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_TwoRecords_IsInvalidAndShowsBoth()
    {
        var result = TlsRptRecordParser.Parse(new[] { "v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com" });

        Assert.True(result.Found);
        Assert.False(result.IsValid);
        Assert.Equal("v=TLSRPTv1; rua=mailto:a@example.com | v=TLSRPTv1; rua=mailto:b@example.com", result.Record);
        Assert.Empty(result.Rua);
        Assert.Contains("publish exactly one", Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "v=spf1 -all" }, false)]
    [InlineData(new[] { "v=STSv1; id=abc" }, false)]
    [InlineData(new[] { "rua=mailto:a@example.com; v=TLSRPTv1" }, true)]
    [InlineData(new[] { " v=TLSRPTv1; rua=mailto:a@example.com" }, true)]
    [InlineData(new[] { "v=tlsrptv1; rua=mailto:a@example.com" }, true)]
    public void Parse_NoTlsRptRecord_IsNotFoundAndExplainsNearMisses(string[] records, bool explained)
    {
        var result = TlsRptRecordParser.Parse(records);

        Assert.False(result.Found);
        Assert.False(result.IsValid);
        Assert.Empty(result.Rua);
        Assert.Equal(explained ? 1 : 0, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("does not begin with 'v=TLSRPTv1' exactly", e));
    }

    [Fact]
    public void Parse_NullListOrNullRecord_IsNotFound()
    {
        Assert.False(TlsRptRecordParser.Parse(null).Found);
        Assert.False(TlsRptRecordParser.Parse(new string?[] { null }).Found);
        Assert.True(TlsRptRecordParser.Parse(new string?[] { null, "v=TLSRPTv1; rua=mailto:a@example.com" }).IsValid);
    }

    [Fact]
    public void Parse_ExtensionFields_AreKept()
    {
        var result = TlsRptRecordParser.Parse(new[] { "v=TLSRPTv1; rua=mailto:a@example.com; x-size=10m" });

        Assert.True(result.IsValid);
        Assert.Equal("10m", result.Extensions["x-size"]);
    }

    [Theory]
    [InlineData(new[] { "mailto:a@example.com", "https://r.example.com/x" }, "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x")]
    [InlineData(new[] { "tlsrpt@example.com" }, "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")]
    [InlineData(new[] { " tlsrpt+tag@example.com " }, "v=TLSRPTv1; rua=mailto:tlsrpt+tag@example.com")]
    [InlineData(new[] { "a!b@example.com" }, "v=TLSRPTv1; rua=mailto:a%21b@example.com")]
    [InlineData(new[] { "\"a,b;c\"@example.com" }, "v=TLSRPTv1; rua=mailto:%22a%2Cb%3Bc%22@example.com")]
    [InlineData(new[] { "a@bücher.example" }, "v=TLSRPTv1; rua=mailto:a@xn--bcher-kva.example")]
    [InlineData(new[] { "mailto:a@xn--bcher-kva.example" }, "v=TLSRPTv1; rua=mailto:a@xn--bcher-kva.example")]
    [InlineData(new[] { "tlsrpt@mail.xn--0bx" }, "v=TLSRPTv1; rua=mailto:tlsrpt@mail.xn--0bx")]
    public void Format_ValidEntries_WritesARecordThatParses(string[] rua, string expected)
    {
        var record = TlsRptRecordParser.Format(rua);

        Assert.Equal(expected, record);
        Assert.True(TlsRptRecordParser.Parse(new[] { record }).IsValid);
    }

    [Theory]
    [InlineData(new string[0], "needs at least one")]
    [InlineData(new[] { "" }, "a rua entry is empty")]
    [InlineData(new[] { "ftp://x.example.com" }, "uses 'ftp:'")]
    [InlineData(new[] { "mailto:a@example.com", "not an address" }, "contains a space")]
    [InlineData(new[] { "a,b@example.com" }, "the address 'a' in 'mailto:a%2Cb@example.com' has no '@domain' part")]
    [InlineData(new[] { "user@-bad.example" }, "the domain of 'user@-bad.example'")]
    public void Format_InvalidEntry_ThrowsNamingTheRule(string[] rua, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => TlsRptRecordParser.Format(rua));

        Assert.Equal("rua", ex.ParamName);
        Assert.StartsWith("RFC 8460 §3: ", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Format_NullList_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TlsRptRecordParser.Format(null!));
        Assert.Throws<ArgumentException>(() => TlsRptRecordParser.Format(new string[] { null! }));
    }

    [Property(MaxTest = 2000)]
    public Property Parse_ArbitraryRecordLists_NeverThrowAndValidMeansSomewhereToReport(string?[]? records)
    {
        // FsCheck's strings are never null; add a null record so that case is covered too.
        var result = TlsRptRecordParser.Parse(records?.Append(null).ToArray());
        return (!result.IsValid || result.Rua.Count > 0).Label("a valid record has at least one rua URI");
    }

    [Property(MaxTest = 2000)]
    public Property Parse_GrammarHeavyRua_NeverThrowsAndKeepsOnlyValidUris()
    {
        var records =
            from scheme in Gen.Elements("", "mailto:", "https://", "MAILTO:", "ftp:")
            from junk in TextGenerators.GrammarJunk()
            select "v=TLSRPTv1; rua=" + scheme + junk;

        return Prop.ForAll(Arb.From(records), record =>
        {
            var result = TlsRptRecordParser.Parse(new[] { record });
            var kept = result.Rua.All(u => TlsRptRecordParser.Parse(new[] { TlsRptRecordParser.VersionField + "; rua=" + u }).IsValid);
            return (kept && (result.IsValid || result.Errors.Count > 0)).Label(record);
        });
    }

    [Property(MaxTest = 1000)]
    public Property Format_ThenParse_RoundTripsTheUris()
    {
        var entry = Gen.OneOf(
            TextGenerators.SimpleAddress().Select(a => (given: a, uri: "mailto:" + a)),
            TextGenerators.SimpleAddress().Select(a => (given: "mailto:" + a, uri: "mailto:" + a)),
            TextGenerators.HttpsUri().Select(u => (given: u, uri: u)));
        var lists =
            from count in Gen.Choose(1, 5)
            from entries in Gen.ArrayOf(entry, count)
            select entries;

        return Prop.ForAll(Arb.From(lists), entries =>
        {
            var result = TlsRptRecordParser.Parse(new[] { TlsRptRecordParser.Format(entries.Select(e => e.given)) });
            return result.IsValid && result.Rua.SequenceEqual(entries.Select(e => e.uri));
        });
    }

    [Property(MaxTest = 1000)]
    public Property Format_BareAddressWithSpecialCharacters_EncodesSoItDecodesBack()
    {
        var addresses =
            from local in TextGenerators.LocalPart()
            from host in TextGenerators.HostName(2, 3)
            select local + "@" + host;

        return Prop.ForAll(Arb.From(addresses), address =>
        {
            var record = TlsRptRecordParser.Format(new[] { address });
            var result = TlsRptRecordParser.Parse(new[] { record });
            var uri = Assert.Single(result.Rua);
            return (result.IsValid && Uri.UnescapeDataString(uri.Substring("mailto:".Length)) == address
                    && uri.IndexOfAny(new[] { ',', ';', '!', '?' }) < 0).Label(record);
        });
    }
}
