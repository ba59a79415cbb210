using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.MtaSts;
using Xunit;

namespace MailTls.Tests.MtaSts;

public class MtaStsPolicyParserTests
{
    private const string RfcExample =
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";

    [Theory]
    [InlineData(RfcExample, "enforce", "mail.example.com; *.example.net; backupmx.example.com", 604800)]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n", "enforce", "mail.example.com", 86400)]
    [InlineData("version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\nmax_age: 86400", "testing", "mail.example.com", 86400)]
    [InlineData("version: STSv1\nmode: testing\r\nmx: mail.example.com\nmax_age: 86400", "testing", "mail.example.com", 86400)]
    [InlineData("version:STSv1\nmode:enforce\nmx:mx.example.com\nmax_age:1", "enforce", "mx.example.com", 1)]
    [InlineData("version:\tSTSv1 \nmode:  enforce\t\nmx: mx.example.com  \nmax_age: 1 ", "enforce", "mx.example.com", 1)]
    [InlineData("version: STSv1\nmode: none\nmax_age: 0\n", "none", "", 0)]
    [InlineData("version: STSv1\nmode: none\nmx: mx.example.com\nmax_age: 0\n", "none", "mx.example.com", 0)]
    [InlineData("version: STSv1\nmode: enforce\nmx: MX.Example.COM.\nmx: *.EXAMPLE.net.\nmax_age: 31557600\n", "enforce", "mx.example.com; *.example.net", 31557600)]
    [InlineData("max_age: 0086400\nmx: mx.example.com\nmode: enforce\nversion: STSv1\n", "enforce", "mx.example.com", 86400)]
    [InlineData("version: STSv1\n\nmode: enforce\n\r\nmx: mx.example.com\nmax_age: 5\n\n", "enforce", "mx.example.com", 5)]
    [InlineData("version: STSv1\nmode: enforce\nfuture-key: anything at all\nMode: none\nmx: mx.example.com\nmax_age: 5", "enforce", "mx.example.com", 5)]
    [InlineData("version: STSv1\nmode: testing\nmode: enforce\nmx: mx.example.com\nmax_age: 5\nmax_age: 6", "testing", "mx.example.com", 5)]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmx: mx.example.com\nmax_age: 5", "enforce", "mx.example.com; mx.example.com", 5)]
    public void Parse_ValidPolicy_GivesModeMxAndMaxAge(string text, string mode, string mx, long maxAge)
    {
        var result = MtaStsPolicyParser.Parse(text);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal("STSv1", result.Version);
        Assert.Equal(mode, result.Mode);
        Assert.Equal(mx, string.Join("; ", result.Mx));
        Assert.Equal(maxAge, result.MaxAgeSeconds);
    }

    [Theory]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 5", "mode 'enforce' needs at least one 'mx' line")]
    [InlineData("version: STSv1\nmode: testing\nmax_age: 5", "mode 'testing' needs at least one 'mx' line")]
    [InlineData("version: STSv1\nmode: enforce\nMX: mx.example.com\nmax_age: 5", "'MX' does not count: keys are case-sensitive")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 31557601", "'31557601' is larger than 31557600")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 99999999999", "is larger than 31557600")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: -1", "'-1' contains '-'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 1e5", "'1e5' contains 'e'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: +5", "contains '+'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 5 5", "contains a space")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age:", "max_age must be a whole number of seconds from 0 to 31557600, in digits only; it is empty")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: ٥", "contains '٥'")]
    [InlineData("version: STSv2\nmode: enforce\nmx: mx.example.com\nmax_age: 5", "version must be 'STSv1'; it is 'STSv2'")]
    [InlineData("mode: enforce\nmx: mx.example.com\nmax_age: 5", "no 'version: STSv1' line")]
    [InlineData("version: STSv1\nmx: mx.example.com\nmax_age: 5", "no 'mode' line")]
    [InlineData("version: STSv1\nMode: enforce\nmx: mx.example.com\nmax_age: 5", "'Mode' does not count: keys are case-sensitive")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com", "no 'max_age' line")]
    [InlineData("version: STSv1\nmode: Enforce\nmx: mx.example.com\nmax_age: 5", "mode must be 'enforce', 'testing' or 'none' (lower case); it is 'Enforce'")]
    [InlineData("version: STSv1\nmode: strict\nmx: mx.example.com\nmax_age: 5", "it is 'strict'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 5", "needs at least two labels after '*.'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.*.example.com\nmax_age: 5", "whole left-most label")]
    [InlineData("version: STSv1\nmode: enforce\nmx: bad_host.example.com\nmax_age: 5", "is not a host name")]
    [InlineData("version: STSv1\nmode: enforce\nmx:\nmax_age: 5", "it is empty")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.bücher.example\nmax_age: 5", "must be written in ASCII")]
    [InlineData("version: STSv1\nmode: enforce\nthis line has no colon\nmx: mx.example.com\nmax_age: 5", "line 3, 'this line has no colon', is not a 'key: value' field")]
    [InlineData("version: STSv1\nmode: enforce\n: orphan value\nmx: mx.example.com\nmax_age: 5", "is not a 'key: value' field")]
    [InlineData("version: STSv1\nmode: enforce\nmx : mx.example.com\nmax_age: 5", "has the key 'mx '")]
    [InlineData(" version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 5", "has the key ' version'")]
    [InlineData("version: STSv1\rmode: enforce\rmx: mx.example.com\rmax_age: 5", "version must be 'STSv1'")]
    public void Parse_BrokenPolicy_SaysWhichRule(string text, string reason)
    {
        var result = MtaStsPolicyParser.Parse(text);

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.StartsWith("RFC 8461 §3.2: ", e));
        Assert.Contains(result.Errors, e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MaxAgeOutOfRange_ErrorIsOneSentenceNamingTheRule()
    {
        var result = MtaStsPolicyParser.Parse("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 31557601\n");

        Assert.Equal(
            new[] { "RFC 8461 §3.2: max_age must be a whole number of seconds from 0 to 31557600, in digits only; '31557601' is larger than 31557600 (about one year)." },
            result.Errors);
        Assert.Null(result.MaxAgeSeconds);
    }

    [Fact]
    public void Parse_InvalidMxBesideValidOnes_KeepsOnlyTheValidPatterns()
    {
        var result = MtaStsPolicyParser.Parse("version: STSv1\nmode: enforce\nmx: good.example.com\nmx: *.com\nmx: *.example.net\nmax_age: 5");

        Assert.False(result.IsValid);
        Assert.Equal(new[] { "good.example.com", "*.example.net" }, result.Mx);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("\r\n\r\n")]
    public void Parse_EmptyPolicy_ReportsEveryMissingField(string? text)
    {
        var result = MtaStsPolicyParser.Parse(text);

        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(string.Empty, result.Version);
        Assert.Equal(string.Empty, result.Mode);
        Assert.Empty(result.Mx);
        Assert.Null(result.MaxAgeSeconds);
    }

    [Fact]
    public void Format_EnforceWithTwoPatterns_WritesCrlfLinesInRfcOrder()
    {
        var text = MtaStsPolicyParser.Format("enforce", new[] { "mail.example.com", "*.Example.NET." }, 604800);

        Assert.Equal("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n", text);
    }

    [Fact]
    public void Format_ModeInAnyCase_IsWrittenInLowerCase()
    {
        var text = MtaStsPolicyParser.Format("Testing", new[] { "mx.example.com" }, 86400);

        Assert.Contains("\r\nmode: testing\r\n", text);
        Assert.True(MtaStsPolicyParser.Parse(text).IsValid);
    }

    [Fact]
    public void Format_NoneWithoutMx_WritesNoMxLine()
    {
        Assert.Equal("version: STSv1\r\nmode: none\r\nmax_age: 0\r\n", MtaStsPolicyParser.Format("none", Array.Empty<string>(), 0));
    }

    [Theory]
    [InlineData("strict", new[] { "mx.example.com" }, 5L, "mode", "mode must be 'enforce', 'testing' or 'none'")]
    [InlineData("", new[] { "mx.example.com" }, 5L, "mode", "mode must be")]
    [InlineData("enforce", new string[0], 5L, "mx", "mode 'enforce' needs at least one mx pattern")]
    [InlineData("testing", new string[0], 5L, "mx", "mode 'testing' needs at least one mx pattern")]
    [InlineData("enforce", new[] { "*.com" }, 5L, "mx", "needs at least two labels after '*.'")]
    [InlineData("none", new[] { "mx example com" }, 5L, "mx", "contains a space")]
    [InlineData("enforce", new[] { "mx.example.com" }, -1L, "maxAgeSeconds", "-1 is out of range")]
    [InlineData("enforce", new[] { "mx.example.com" }, 31557601L, "maxAgeSeconds", "31557601 is out of range")]
    public void Format_InvalidInput_ThrowsNamingTheRule(string mode, string[] mx, long maxAge, string parameter, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => MtaStsPolicyParser.Format(mode, mx, maxAge));

        Assert.Equal(parameter, ex.ParamName);
        Assert.StartsWith("RFC 8461 §3.2: ", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Format_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => MtaStsPolicyParser.Format(null!, new[] { "mx.example.com" }, 5));
        Assert.Throws<ArgumentNullException>(() => MtaStsPolicyParser.Format("enforce", null!, 5));
    }

    [Property(MaxTest = 2000)]
    public Property Parse_ArbitraryText_NeverThrowsAndValidMeansComplete(string? text)
    {
        var result = MtaStsPolicyParser.Parse(text);
        return (!result.IsValid || IsComplete(result)).Label("a valid policy has every field");
    }

    [Property(MaxTest = 2000)]
    public Property Parse_LinesOfKnownKeysAndJunkValues_NeverThrowsAndValidMeansComplete()
    {
        var line =
            from key in Gen.Elements("version", "mode", "mx", "max_age", "Mode", "x-ext", "", " mx")
            from separator in Gen.Elements(":", ": ", ":\t", " : ", "")
            from value in Gen.OneOf(
                TextGenerators.GrammarJunk(),
                Gen.Elements("STSv1", "enforce", "testing", "none", "0", "31557600", "31557601", "-1"),
                TextGenerators.MxPattern())
            select key + separator + value;
        var policies =
            from lines in Gen.ListOf(line)
            from end in Gen.Elements("\n", "\r\n")
            select string.Join(end, lines);

        return Prop.ForAll(Arb.From(policies), text =>
        {
            var result = MtaStsPolicyParser.Parse(text);
            return (!result.IsValid || IsComplete(result)).Label(text);
        });
    }

    [Property(MaxTest = 1000)]
    public Property Format_ThenParse_RoundTrips()
    {
        var policies =
            from mode in Gen.Elements("enforce", "testing", "none")
            from count in Gen.Choose(mode == "none" ? 0 : 1, 5)
            from mx in Gen.ArrayOf(TextGenerators.MxPattern(), count)
            from maxAge in Gen.OneOf(Gen.Choose(0, (int)MtaStsPolicyParser.MaxAgeLimitSeconds), Gen.Elements(0, (int)MtaStsPolicyParser.MaxAgeLimitSeconds))
            select (mode, mx, maxAge: (long)maxAge);

        return Prop.ForAll(Arb.From(policies), p =>
        {
            var text = MtaStsPolicyParser.Format(p.mode, p.mx, p.maxAge);
            var crlf = MtaStsPolicyParser.Parse(text);
            var lf = MtaStsPolicyParser.Parse(text.Replace("\r\n", "\n"));
            var unterminated = MtaStsPolicyParser.Parse(text.TrimEnd('\r', '\n'));
            return new[] { crlf, lf, unterminated }.All(r =>
                r.IsValid && r.Mode == p.mode && r.Mx.SequenceEqual(p.mx) && r.MaxAgeSeconds == p.maxAge);
        });
    }

    [Property(MaxTest = 1000)]
    public Property Parse_MaxAgeDigits_AcceptedExactlyWhenInRange()
    {
        var values = Gen.OneOf(
            Gen.Choose(0, int.MaxValue).Select(n => (long)n),
            Gen.Choose(-5, 5).Select(d => MtaStsPolicyParser.MaxAgeLimitSeconds + d));

        return Prop.ForAll(Arb.From(values), n =>
        {
            var result = MtaStsPolicyParser.Parse($"version: STSv1\nmode: none\nmax_age: {n}");
            var inRange = n >= 0 && n <= MtaStsPolicyParser.MaxAgeLimitSeconds;
            return (result.IsValid == inRange && result.MaxAgeSeconds == (inRange ? n : null)).Label(n.ToString());
        });
    }

    private static bool IsComplete(MtaStsPolicyParseResult result) =>
        result.Version == "STSv1"
        && new[] { "enforce", "testing", "none" }.Contains(result.Mode)
        && result.MaxAgeSeconds is >= 0 and <= MtaStsPolicyParser.MaxAgeLimitSeconds
        && (result.Mode == "none" || result.Mx.Count > 0)
        && result.Mx.All(m => MxPatternMatcher.IsValidPattern(m, out _));
}
