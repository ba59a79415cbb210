using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Certificates;
using Xunit;

namespace MailTls.Tests.Certificates;

public class HostNameMatcherTests
{
    [Theory]
    [InlineData("mx1.example.com", "mx1.example.com")]
    [InlineData("MX1.Example.COM", "mx1.example.com")]
    [InlineData("mx1.example.com", "MX1.EXAMPLE.COM")]
    [InlineData("mx1.example.com.", "mx1.example.com")]
    [InlineData("mx1.example.com", "mx1.example.com.")]
    [InlineData("mx1.example.com.", "mx1.example.com.")]
    [InlineData("*.example.com", "a.example.com")]
    [InlineData("*.example.com", "MX-1.Example.Com")]
    [InlineData("*.EXAMPLE.com", "a.example.COM.")]
    [InlineData("*.example.com.", "a.example.com")]
    [InlineData("*.mail.example.co.uk", "mx.mail.example.co.uk")]
    [InlineData("*.xn--bcher-kva.example", "mx.xn--bcher-kva.example")]
    [InlineData("localhost", "localhost")]
    public void Matches_ValidPair_IsTrue(string pattern, string hostName)
    {
        Assert.True(HostNameMatcher.Matches(pattern, hostName));
    }

    [Theory]
    [InlineData("mx1.example.com", "mx2.example.com", "different label")]
    [InlineData("mx1.example.com", "example.com", "fewer labels")]
    [InlineData("example.com", "mx1.example.com", "more labels")]
    [InlineData("*.example.com", "example.com", "wildcard needs a label")]
    [InlineData("*.example.com", "a.b.example.com", "wildcard covers one label only")]
    [InlineData("*.example.com", ".example.com", "empty left-most label")]
    [InlineData("*.example.com", "a.example.org", "different parent")]
    [InlineData("*.example.com", "a.example.com.evil.test", "pattern is only a prefix of the reference")]
    [InlineData("mx1.example.com", "mx1.example.com.evil", "pattern is only a prefix of the reference")]
    [InlineData("mx1.example.com", "mx1.example", "reference is a prefix of the pattern")]
    [InlineData("*.com", "example.com", "wildcard over a TLD")]
    [InlineData("*", "com", "bare wildcard")]
    [InlineData("*.", "com", "bare wildcard with dot")]
    [InlineData("f*.example.com", "foo.example.com", "partial wildcard")]
    [InlineData("*o.example.com", "foo.example.com", "partial wildcard")]
    [InlineData("f*o.example.com", "foo.example.com", "partial wildcard")]
    [InlineData("xn--*.example.com", "xn--bcher-kva.example.com", "partial wildcard")]
    [InlineData("a.*.example.com", "a.b.example.com", "wildcard not left-most")]
    [InlineData("*.*.example.com", "a.b.example.com", "two wildcards")]
    [InlineData("**.example.com", "a.example.com", "double star")]
    [InlineData("*.example.com", "*.example.com", "wildcard as reference")]
    [InlineData("mx1.example.com", "mx1..example.com", "empty label in reference")]
    [InlineData("mx1..example.com", "mx1..example.com", "empty label in both")]
    [InlineData("mx1.example.com..", "mx1.example.com", "two trailing dots")]
    [InlineData("", "", "empty")]
    [InlineData(".", ".", "root")]
    [InlineData("mx1.example.com", "mx1.example.com ", "trailing space")]
    [InlineData("bücher.example", "BÜCHER.example", "ASCII case folding only")]
    [InlineData("k.example", "\u212A.example", "Kelvin sign is not K")]
    public void Matches_InvalidPair_IsFalse(string pattern, string hostName, string because)
    {
        Assert.False(HostNameMatcher.Matches(pattern, hostName), because);
    }

    [Fact]
    public void Matches_Nulls_IsFalse()
    {
        Assert.False(HostNameMatcher.Matches(null, "a.example.com"));
        Assert.False(HostNameMatcher.Matches("a.example.com", null));
        Assert.False(HostNameMatcher.Matches(null, null));
    }

    [Property(MaxTest = 1000)]
    public Property Matches_GeneratedName_MatchesItselfInAnyCaseAndWithTrailingDot()
    {
        var cases =
            from name in HostNames(1, 5)
            from upper in Gen.ArrayOf(Gen.Elements(true, false), name.Length)
            from dotOnPattern in Gen.Elements(true, false)
            from dotOnHost in Gen.Elements(true, false)
            select (name, mixed: new string(name.Select((c, i) => upper[i] ? char.ToUpperInvariant(c) : c).ToArray()), dotOnPattern, dotOnHost);

        return Prop.ForAll(Arb.From(cases), t =>
            HostNameMatcher.Matches(t.name + (t.dotOnPattern ? "." : ""), t.mixed + (t.dotOnHost ? "." : ""))
            && HostNameMatcher.Matches(t.mixed, t.name));
    }

    [Property(MaxTest = 1000)]
    public Property Matches_WildcardOverParent_MatchesEveryOneLabelChildOnly()
    {
        var cases =
            from parent in HostNames(2, 4)
            from child in Label()
            from grandchild in Label()
            select (parent, child, grandchild);

        return Prop.ForAll(Arb.From(cases), t =>
        {
            var pattern = "*." + t.parent;
            return (HostNameMatcher.Matches(pattern, t.child + "." + t.parent)
                    && HostNameMatcher.Matches(pattern, (t.child + "." + t.parent).ToUpperInvariant())).Label("one-label child matches")
                .And((!HostNameMatcher.Matches(pattern, t.parent)).Label("parent itself does not"))
                .And((!HostNameMatcher.Matches(pattern, t.grandchild + "." + t.child + "." + t.parent)).Label("two-label child does not"));
        });
    }

    [Property(MaxTest = 1000)]
    public Property Matches_PartialLabelWildcard_NeverMatches()
    {
        var cases =
            from parent in HostNames(2, 3)
            from label in Label()
            from position in Gen.Choose(0, label.Length)
            select (parent, label, position);

        return Prop.ForAll(Arb.From(cases), t =>
        {
            // "fo*o" → the wildcard sits inside a label that has other characters too.
            var partial = t.label.Insert(t.position, "*");
            var host = t.label.Insert(t.position, "x") + "." + t.parent;
            return !HostNameMatcher.Matches(partial + "." + t.parent, host)
                   && !HostNameMatcher.Matches(partial + "." + t.parent, t.label + "." + t.parent);
        });
    }

    [Property(MaxTest = 500)]
    public Property Matches_WildcardOverSingleLabel_NeverMatches()
    {
        return Prop.ForAll(Arb.From(from tld in Label() from child in Label() select (tld, child)), t =>
            !HostNameMatcher.Matches("*." + t.tld, t.child + "." + t.tld));
    }

    [Property(MaxTest = 3000)]
    public bool Matches_ArbitraryStrings_NeverThrows(string? pattern, string? hostName)
    {
        HostNameMatcher.Matches(pattern, hostName);
        return true;
    }

    [Property(MaxTest = 2000)]
    public bool Matches_ArbitraryStringsWithWildcards_NeverThrows(string? left, string? right, bool dot)
    {
        // Arbitrary strings rarely hold "*." or dots: force them in.
        HostNameMatcher.Matches("*." + left + (dot ? "." : ""), right + "." + left);
        HostNameMatcher.Matches(left + ".*", "*" + right);
        return true;
    }

    [Theory]
    [MemberData(nameof(CertificateCases))]
    public void GetDnsNames_LabLeaf_EqualsWhatOpensslPrints(string caseName)
    {
        var path = LabCertificates.Case(caseName).CertificatePath!;
        var expected = LabCertificates.Openssl(path).DnsNames;

        Assert.NotEmpty(expected);
        Assert.Equal(expected, HostNameMatcher.GetDnsNames(LabCertificates.Leaf(caseName)));
    }

    [Theory]
    [MemberData(nameof(CertificateCases))]
    public void CertificateMatches_LabLeafAndItsHost_AgreesWithDotNet(string caseName)
    {
        // .NET's own MatchesHostname (RFC 6125 too) is the second opinion.
        var leaf = LabCertificates.Leaf(caseName);
        var host = LabCertificates.Case(caseName).Host;

        var matches = HostNameMatcher.CertificateMatches(leaf, host, out var presented);

        Assert.Equal(leaf.MatchesHostname(host), matches);
        Assert.Equal(caseName != "wrongname", matches);
        Assert.Equal(HostNameMatcher.GetDnsNames(leaf), presented);
    }

    public static TheoryData<string> CertificateCases() => CertificateInspectorLabTests.AllCertificateCases();

    [Fact]
    public void CertificateMatches_NoDnsSan_FallsBackToTheCommonName()
    {
        using var cert = TestPki.SelfSigned("CN=mail.example.net, O=Test");

        Assert.True(HostNameMatcher.CertificateMatches(cert, "MAIL.example.net.", out var presented));
        Assert.Equal(new[] { "mail.example.net" }, presented);
        Assert.False(HostNameMatcher.CertificateMatches(cert, "other.example.net", out _));
        Assert.Empty(HostNameMatcher.GetDnsNames(cert));
    }

    [Fact]
    public void CertificateMatches_SeveralCommonNames_UsesTheMostSpecific()
    {
        // "CN=a, CN=b" is written most specific first; in the DER the most specific CN comes last.
        using var cert = TestPki.SelfSigned("CN=specific.example.net, CN=general.example.net");

        Assert.True(HostNameMatcher.CertificateMatches(cert, "specific.example.net", out var presented));
        Assert.Equal(new[] { "specific.example.net" }, presented);
        Assert.False(HostNameMatcher.CertificateMatches(cert, "general.example.net", out _));
    }

    [Fact]
    public void CertificateMatches_DnsSanPresent_IgnoresTheCommonName()
    {
        using var cert = TestPki.SelfSigned("CN=cn-only.example.net", san: b => b.AddDnsName("san.example.net"));

        Assert.False(HostNameMatcher.CertificateMatches(cert, "cn-only.example.net", out var presented));
        Assert.Equal(new[] { "san.example.net" }, presented);
        Assert.True(HostNameMatcher.CertificateMatches(cert, "san.example.net", out _));
    }

    [Fact]
    public void CertificateMatches_WildcardSan_FollowsTheWildcardRules()
    {
        using var cert = TestPki.SelfSigned("CN=x", san: b =>
        {
            b.AddDnsName("*.mx.example.net");
            b.AddDnsName("f*.example.net");
        });

        Assert.True(HostNameMatcher.CertificateMatches(cert, "a.mx.example.net", out _));
        Assert.False(HostNameMatcher.CertificateMatches(cert, "mx.example.net", out _));
        Assert.False(HostNameMatcher.CertificateMatches(cert, "foo.example.net", out _));
        Assert.Equal(new[] { "*.mx.example.net", "f*.example.net" }, HostNameMatcher.GetDnsNames(cert));
    }

    [Fact]
    public void CertificateMatches_IPAddress_UsesOnlyIPAddressSans()
    {
        using var cert = TestPki.SelfSigned("CN=192.0.2.8", san: b =>
        {
            b.AddDnsName("mx.example.net");
            b.AddDnsName("192.0.2.9"); // an address in a dNSName is not an IP-ID
            b.AddIpAddress(IPAddress.Parse("192.0.2.7"));
            b.AddIpAddress(IPAddress.Parse("2001:db8::25"));
        });

        Assert.Equal(new[] { IPAddress.Parse("192.0.2.7"), IPAddress.Parse("2001:db8::25") }, HostNameMatcher.GetIPAddresses(cert));
        Assert.Equal(new[] { "mx.example.net", "192.0.2.9" }, HostNameMatcher.GetDnsNames(cert));
        Assert.True(HostNameMatcher.CertificateMatches(cert, "192.0.2.7", out var presented));
        Assert.Equal(new[] { "192.0.2.7", "2001:db8::25" }, presented);
        Assert.True(HostNameMatcher.CertificateMatches(cert, "[2001:DB8:0::25]", out _));
        Assert.True(HostNameMatcher.CertificateMatches(cert, "::ffff:192.0.2.7", out _));
        Assert.False(HostNameMatcher.CertificateMatches(cert, "192.0.2.8", out _)); // the CN is not used for addresses
        Assert.False(HostNameMatcher.CertificateMatches(cert, "192.0.2.9", out _)); // nor dNSName entries
        Assert.True(HostNameMatcher.CertificateMatches(cert, "mx.example.net", out _));
    }

    [Fact]
    public void CertificateMatches_NullArguments_Throw()
    {
        using var cert = TestPki.SelfSigned("CN=x");
        Assert.Throws<ArgumentNullException>(() => HostNameMatcher.CertificateMatches(null!, "x", out _));
        Assert.Throws<ArgumentNullException>(() => HostNameMatcher.CertificateMatches(cert, null!, out _));
        Assert.Throws<ArgumentNullException>(() => HostNameMatcher.GetDnsNames(null!));
    }

    private static Gen<string> Label()
    {
        var letters = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();
        var inner = letters.Concat(new[] { '-' }).ToArray();
        return from length in Gen.Choose(1, 20)
               from first in Gen.Elements(letters)
               from middle in Gen.ArrayOf(Gen.Elements(inner), Math.Max(0, length - 2))
               from last in Gen.Elements(letters)
               select length == 1 ? first.ToString() : first + new string(middle) + last;
    }

    private static Gen<string> HostNames(int minLabels, int maxLabels) =>
        from count in Gen.Choose(minLabels, maxLabels)
        from labels in Gen.ArrayOf(Label(), count)
        select string.Join(".", labels);
}
