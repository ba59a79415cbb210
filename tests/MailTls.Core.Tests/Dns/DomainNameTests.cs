using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Dns;
using Xunit;

namespace MailTls.Tests.Dns;

public class DomainNameTests
{
    [Theory]
    [InlineData("example.test", "example.test")]
    [InlineData("Example.TEST", "example.test")]
    [InlineData("example.test.", "example.test")]
    [InlineData("  example.test  ", "example.test")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("münchen.de.", "xn--mnchen-3ya.de")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("mail.xn--0bx", "mail.xn--0bx")]
    [InlineData("a-b.c9.example", "a-b.c9.example")]
    [InlineData("6.", "6")]
    [InlineData("10.1", "10.1")]
    public void TryNormalize_ValidName_GivesLowerCaseALabels(string input, string expected)
    {
        Assert.True(DomainName.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(null, "empty")]
    [InlineData("user@contoso.com", "e-mail address")]
    [InlineData("https://contoso.com", "URL")]
    [InlineData("192.0.2.1", "IP address")]
    [InlineData("*.contoso.com", "wildcard")]
    [InlineData("contoso..com", "empty label")]
    [InlineData(".contoso.com", "empty label")]
    [InlineData("contoso.com..", "empty label")]
    [InlineData("-bad.example", "not valid")]
    [InlineData("bad-.example", "not valid")]
    [InlineData("under_score.example", "not valid")]
    [InlineData("spa ce.example", "not valid")]
    [InlineData("xn--zz.test", "not valid punycode")]
    [InlineData("mx1.example.test:465", "-Port 465")]
    [InlineData("[127.0.0.11]", "-ComputerName 127.0.0.11")]
    [InlineData("[IPv6:2001:db8::25]", "-ComputerName 2001:db8::25")]
    [InlineData("127.0.0.11", "-ComputerName 127.0.0.11")]
    public void TryNormalize_InvalidName_SaysWhy(string? input, string reason)
    {
        Assert.False(DomainName.TryNormalize(input, out _, out var error));
        Assert.Contains(reason, error, System.StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TryNormalize_LabelOf64Characters_IsRejected()
    {
        var name = new string('a', 64) + ".example";
        Assert.False(DomainName.TryNormalize(name, out _, out var error));
        Assert.Contains("63", error);
    }

    [Fact]
    public void TryNormalize_NameOver253Characters_IsRejected()
    {
        var name = string.Join(".", Enumerable.Repeat(new string('a', 60), 5)); // 304 characters
        Assert.False(DomainName.TryNormalize(name, out _, out var error));
        Assert.Contains("253", error);
    }

    [Fact]
    public void Normalize_InvalidName_ThrowsArgumentException()
    {
        Assert.Throws<System.ArgumentException>(() => DomainName.Normalize("not a domain"));
    }

    [Property(MaxTest = 2000)]
    public bool TryNormalize_AnyString_NeverThrows(string? input)
    {
        DomainName.TryNormalize(input, out _, out _);
        return true;
    }

    [Property(MaxTest = 2000)]
    public Property TryNormalize_Result_IsAWellFormedIdempotentName(string? input)
    {
        var ok = DomainName.TryNormalize(input, out var normalized, out var error);
        if (!ok)
        {
            return (error.Length > 0 && normalized.Length == 0).Label("a failure carries a reason and no name");
        }

        var labels = normalized.Split('.');
        var wellFormed = normalized.Length <= 253
            && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            && DomainName.TryNormalize(normalized, out var again, out _) && again == normalized;
        return wellFormed.Label($"'{normalized}' is well formed and normalizes to itself");
    }

    [Property(MaxTest = 500)]
    public Property TryNormalize_GeneratedHostNames_RoundTripWithCaseAndTrailingDot()
    {
        return Prop.ForAll(Arb.From(HostNames()), name =>
        {
            var upper = name.ToUpperInvariant() + ".";
            return DomainName.TryNormalize(upper, out var normalized, out _) && normalized == name;
        });
    }

    private static Gen<string> HostNames()
    {
        var letters = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();
        var inner = letters.Concat(new[] { '-' }).ToArray();
        var label =
            from length in Gen.Choose(1, 63)
            from first in Gen.Elements(letters)
            from middle in Gen.ArrayOf(Gen.Elements(inner), System.Math.Max(0, length - 2))
            from last in Gen.Elements(letters)
            select length == 1 ? first.ToString() : first + new string(middle) + last;
        return from count in Gen.Choose(1, 4)
               from labels in Gen.ArrayOf(label, count)
               select string.Join(".", labels);
    }
}
