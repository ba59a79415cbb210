using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Certificates;
using MailTls.MtaSts;
using Xunit;

namespace MailTls.Tests.MtaSts;

public class MxPatternMatcherTests
{
    [Theory]
    [InlineData("mx.example.com")]
    [InlineData("MX.Example.COM.")]
    [InlineData("*.example.com")]
    [InlineData("*.mail.example.co.uk")]
    [InlineData("*.EXAMPLE.net.")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("localhost")]
    public void IsValidPattern_HostNameOrWildcard_IsTrue(string pattern)
    {
        Assert.True(MxPatternMatcher.IsValidPattern(pattern, out var error), error);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData(null, "it is empty")]
    [InlineData("*.com", "needs at least two labels after '*.'")]
    [InlineData("*.", "is not a host name")]
    [InlineData("*", "whole left-most label")]
    [InlineData("**.example.com", "whole left-most label")]
    [InlineData("*.*.example.com", "whole left-most label")]
    [InlineData("mx.*.example.com", "whole left-most label")]
    [InlineData("f*.example.com", "whole left-most label")]
    [InlineData("bad_host.example.com", "is not a host name")]
    [InlineData("mx..example.com", "empty label")]
    [InlineData("-mx.example.com", "is not a host name")]
    [InlineData("192.0.2.25", "IP address")]
    [InlineData("postmaster@example.com", "e-mail address")]
    [InlineData("mx.bücher.example", "must be written in ASCII")]
    [InlineData(" mx.example.com", "contains a space")]
    [InlineData("mx.example.com\t", "contains a tab")]
    public void IsValidPattern_Invalid_SaysWhy(string? pattern, string reason)
    {
        Assert.False(MxPatternMatcher.IsValidPattern(pattern, out var error));
        Assert.StartsWith("RFC 8461 §3.2: ", error);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("mx.example.com", "mx.example.com")]
    [InlineData("MX.Example.com", "mx.EXAMPLE.com")]
    [InlineData("mx.example.com.", "mx.example.com")]
    [InlineData("mx.example.com", "mx.example.com.")]
    [InlineData("*.example.com", "mx.example.com")]
    [InlineData("*.example.com", "MX-1.Example.COM.")]
    [InlineData("*.example.com.", "a.example.com")]
    [InlineData("*.xn--bcher-kva.example", "mx.bücher.example")]
    public void Matches_CoveredHost_IsTrue(string pattern, string host)
    {
        Assert.True(MxPatternMatcher.Matches(pattern, host));
    }

    [Theory]
    [InlineData("*.example.com", "example.com", "the wildcard needs one label")]
    [InlineData("*.example.com", "a.b.example.com", "the wildcard covers one label only")]
    [InlineData("*.example.com", "mx.example.org", "different parent")]
    [InlineData("*.example.com", "mxexample.com", "no dot before the parent")]
    [InlineData("*.example.com", "mx.example.com.evil.test", "parent only as a prefix")]
    [InlineData("mx.example.com", "mx.example.com.evil.test", "name only as a prefix")]
    [InlineData("mx.example.com", "mx2.example.com", "different name")]
    [InlineData("example.com", "mx.example.com", "an exact name is not a wildcard")]
    [InlineData("*.com", "example.com", "invalid pattern")]
    [InlineData("f*.example.com", "foo.example.com", "partial wildcard")]
    [InlineData("*.example.com", "*.example.com", "a wildcard is not a host")]
    [InlineData("*.example.com", "mx_1.example.com", "invalid host")]
    [InlineData("*.example.com", "", "empty host")]
    [InlineData("", "", "empty pattern")]
    public void Matches_UncoveredHost_IsFalse(string pattern, string host, string because)
    {
        Assert.False(MxPatternMatcher.Matches(pattern, host), because);
    }

    [Fact]
    public void Matches_Nulls_IsFalse()
    {
        Assert.False(MxPatternMatcher.Matches(null, "mx.example.com"));
        Assert.False(MxPatternMatcher.Matches("mx.example.com", null));
    }

    [Property(MaxTest = 1000)]
    public Property Matches_WildcardOverParent_MatchesEveryOneLabelChildOnly()
    {
        var cases =
            from parent in TextGenerators.HostName(2, 4)
            from child in TextGenerators.Label()
            from grandchild in TextGenerators.Label()
            select (parent, child, grandchild);

        return Prop.ForAll(Arb.From(cases), t =>
        {
            var pattern = "*." + t.parent;
            return (MxPatternMatcher.Matches(pattern, t.child + "." + t.parent)
                    && MxPatternMatcher.Matches(pattern.ToUpperInvariant() + ".", t.child + "." + t.parent.ToUpperInvariant())).Label("one-label child matches")
                .And((!MxPatternMatcher.Matches(pattern, t.parent)).Label("parent itself does not"))
                .And((!MxPatternMatcher.Matches(pattern, t.grandchild + "." + t.child + "." + t.parent)).Label("two-label child does not"));
        });
    }

    [Property(MaxTest = 1000)]
    public Property Matches_ExactPattern_MatchesOnlyItself()
    {
        var cases =
            from name in TextGenerators.HostName(1, 4)
            from child in TextGenerators.Label()
            select (name, child);

        return Prop.ForAll(Arb.From(cases), t =>
            (MxPatternMatcher.Matches(t.name, t.name.ToUpperInvariant() + ".")).Label("itself, any case, trailing dot")
            .And((!MxPatternMatcher.Matches(t.name, t.child + "." + t.name)).Label("not a child"))
            .And((!MxPatternMatcher.Matches(t.child + "." + t.name, t.name)).Label("not the parent")));
    }

    [Property(MaxTest = 2000)]
    public Property Matches_SmallNamePool_AgreesWithCertificateNameMatching()
    {
        // RFC 8461 §4.1 borrows the certificate wildcard rule; HostNameMatcher is the second opinion.
        var label = Gen.Elements("a", "mx", "example", "com");
        var name = from count in Gen.Choose(1, 4)
                   from labels in Gen.ArrayOf(label, count)
                   select string.Join(".", labels);
        var cases =
            from wildcard in Gen.Elements(true, false)
            from pattern in name
            from host in name
            select (pattern: (wildcard ? "*." : "") + pattern, host);

        return Prop.ForAll(Arb.From(cases), t =>
        {
            var expected = MxPatternMatcher.IsValidPattern(t.pattern, out _) && HostNameMatcher.Matches(t.pattern, t.host);
            return (MxPatternMatcher.Matches(t.pattern, t.host) == expected).Label($"{t.pattern} vs {t.host}");
        });
    }

    [Property(MaxTest = 3000)]
    public bool Matches_ArbitraryStrings_NeverThrows(string? pattern, string? host)
    {
        MxPatternMatcher.Matches(pattern, host);
        MxPatternMatcher.Matches("*." + pattern, host + "." + pattern);
        return true;
    }

    [Property(MaxTest = 3000)]
    public Property IsValidPattern_ArbitraryString_NeverThrowsAndExplainsEveryRejection(string? pattern)
    {
        var valid = MxPatternMatcher.IsValidPattern(pattern, out var error);
        var starred = MxPatternMatcher.IsValidPattern("*." + pattern, out var starredError);
        return ((valid ? error.Length == 0 : error.Length > 0) && (starred ? starredError.Length == 0 : starredError.Length > 0))
            .Label("a rejection carries a sentence, an acceptance none");
    }
}
