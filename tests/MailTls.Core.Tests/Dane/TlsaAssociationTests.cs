using System;
using System.Linq;
using DnsClient;
using DnsClient.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Dane;
using Xunit;

namespace MailTls.Tests.Dane;

public class TlsaAssociationTests
{
    [Theory]
    [InlineData(3, 1, 1, 32)]
    [InlineData(3, 0, 1, 32)]
    [InlineData(3, 1, 2, 64)]
    [InlineData(3, 0, 0, 300)]
    [InlineData(3, 1, 0, 91)]
    [InlineData(2, 1, 1, 32)]
    [InlineData(2, 0, 2, 64)]
    [InlineData(2, 0, 0, 1)]
    public void IsUsableForSmtp_DaneUsageWithDefinedParameters_IsUsable(byte usage, byte selector, byte matchingType, int length)
    {
        var record = new TlsaAssociation(usage, selector, matchingType, new byte[length]);

        Assert.True(record.IsUsableForSmtp, record.UnusableReason);
        Assert.Equal(string.Empty, record.UnusableReason);
    }

    [Theory]
    [InlineData(0, 1, 1, 32, "PKIX-TA(0) is unusable for SMTP")]
    [InlineData(1, 1, 1, 32, "PKIX-EE(1) is unusable for SMTP")]
    [InlineData(1, 0, 0, 100, "RFC 7672 §3.1.3")]
    [InlineData(4, 1, 1, 32, "Usage 4 is not defined")]
    [InlineData(255, 1, 1, 32, "Usage 255 is not defined")]
    [InlineData(3, 2, 1, 32, "Selector 2 is not defined")]
    [InlineData(2, 255, 1, 32, "Selector 255 is not defined")]
    [InlineData(3, 1, 3, 32, "Matching type 3 is not defined")]
    [InlineData(3, 1, 1, 31, "malformed: a SHA-256 (matching type 1) association is 32 bytes (64 hex digits), this one is 31")]
    [InlineData(3, 1, 1, 33, "this one is 33")]
    [InlineData(3, 1, 1, 0, "this one is 0")]
    [InlineData(3, 1, 1, 64, "malformed")]
    [InlineData(2, 1, 2, 32, "malformed: a SHA-512 (matching type 2) association is 64 bytes (128 hex digits), this one is 32")]
    [InlineData(3, 0, 0, 0, "malformed: its certificate association data is empty")]
    public void IsUsableForSmtp_UnusableRecord_SaysWhy(byte usage, byte selector, byte matchingType, int length, string reason)
    {
        var record = new TlsaAssociation(usage, selector, matchingType, new byte[length]);

        Assert.False(record.IsUsableForSmtp);
        Assert.Contains(reason, record.UnusableReason);
    }

    [Fact]
    public void Constructor_Data_IsCopiedInAndOut()
    {
        var data = new byte[] { 0xC1, 0x1D, 0x00 };
        var record = new TlsaAssociation(3, 1, 0, data);

        data[0] = 0;
        record.Data[1] = 0;

        Assert.Equal(new byte[] { 0xC1, 0x1D, 0x00 }, record.Data);
        Assert.Equal("C11D00", record.DataHex);
    }

    [Fact]
    public void Constructor_NullData_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new TlsaAssociation(3, 1, 1, null!));
    }

    [Fact]
    public void ToString_IsPresentationFormatWithUpperCaseHex()
    {
        var record = new TlsaAssociation(3, 1, 1, new byte[] { 0xab, 0x01, 0xff });

        Assert.Equal("3 1 1 AB01FF", record.ToString());
        Assert.Equal("AB01FF", record.DataHex);
    }

    [Theory]
    [InlineData(0, "PKIX-TA(0)")]
    [InlineData(1, "PKIX-EE(1)")]
    [InlineData(2, "DANE-TA(2)")]
    [InlineData(3, "DANE-EE(3)")]
    [InlineData(9, "usage 9")]
    public void UsageName_NamesTheUsageAsRfc7218Does(byte usage, string name)
    {
        Assert.Equal(name, new TlsaAssociation(usage, 1, 1, new byte[32]).UsageName);
    }

    [Fact]
    public void Equals_SameFieldsAndData_AreEqualWithTheSameHash()
    {
        var a = new TlsaAssociation(3, 1, 1, new byte[] { 1, 2, 3 });
        var b = new TlsaAssociation(3, 1, 1, new byte[] { 1, 2, 3 });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new TlsaAssociation(3, 1, 1, new byte[] { 1, 2, 4 }));
        Assert.NotEqual(a, new TlsaAssociation(2, 1, 1, new byte[] { 1, 2, 3 }));
        Assert.NotEqual(a, new TlsaAssociation(3, 0, 1, new byte[] { 1, 2, 3 }));
        Assert.NotEqual(a, new TlsaAssociation(3, 1, 2, new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void FromDnsRecord_DnsClientTlsaAnswer_KeepsEveryField()
    {
        var data = Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray();
        var info = new ResourceRecordInfo("_25._tcp.mx1.example.test.", ResourceRecordType.TLSA, QueryClass.IN, 300, 67);

        var record = TlsaAssociation.FromDnsRecord(new DnsClient.Protocol.TlsaRecord(info, 3, 0, 2, data));

        Assert.Equal(3, record.Usage);
        Assert.Equal(0, record.Selector);
        Assert.Equal(2, record.MatchingType);
        Assert.Equal(data, record.Data);
    }

    [Fact]
    public void FromDnsRecord_UndefinedUsage_KeepsTheNumber()
    {
        var info = new ResourceRecordInfo("_25._tcp.mx1.example.test.", ResourceRecordType.TLSA, QueryClass.IN, 300, 5);

        var record = TlsaAssociation.FromDnsRecord(new DnsClient.Protocol.TlsaRecord(info, 200, 1, 1, new byte[] { 1, 2 }));

        Assert.Equal(200, record.Usage);
        Assert.False(record.IsUsableForSmtp);
    }

    [Theory]
    [InlineData("3 1 1 abcd", 3, 1, 1, "ABCD")]
    [InlineData("  3\t1 1 AB CD ef  ", 3, 1, 1, "ABCDEF")]
    [InlineData("2 0 0 00", 2, 0, 0, "00")]
    [InlineData("255 255 255 ff", 255, 255, 255, "FF")]
    [InlineData("003 01 1 ab", 3, 1, 1, "AB")]
    [InlineData("3 1 1 ab\r\ncd", 3, 1, 1, "ABCD")]
    [InlineData("_25._tcp.mx1.example.test. IN TLSA 3 1 1 F28B", 3, 1, 1, "F28B")]
    [InlineData("_25._tcp.mx1.example.test. 3600 IN tlsa 2 1 1 fac2", 2, 1, 1, "FAC2")]
    [InlineData("TLSA 3 0 1 0a", 3, 0, 1, "0A")]
    public void TryParse_PresentationFormat_ReadsTheFields(string text, byte usage, byte selector, byte matchingType, string hex)
    {
        Assert.True(TlsaAssociation.TryParse(text, out var record, out var error), error);

        Assert.NotNull(record);
        Assert.Equal(usage, record!.Usage);
        Assert.Equal(selector, record.Selector);
        Assert.Equal(matchingType, record.MatchingType);
        Assert.Equal(hex, record.DataHex);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData(null, "is empty")]
    [InlineData("", "is empty")]
    [InlineData(" \t ", "is empty")]
    [InlineData("3 1", "has 2 field(s)")]
    [InlineData("IN TLSA", "has 0 field(s)")]
    [InlineData("3 1 1", "has no certificate association data")]
    [InlineData("x 1 1 ab", "usage field 'x'")]
    [InlineData("-3 1 1 ab", "usage field '-3'")]
    [InlineData("1000 1 1 ab", "usage field '1000'")]
    [InlineData("3 256 1 ab", "selector field '256'")]
    [InlineData("3 1 0x1 ab", "matching type field '0x1'")]
    [InlineData("3 1 +1 ab", "matching type field '+1'")]
    [InlineData("3 1 1 abc", "odd number of hex digits (3)")]
    [InlineData("3 1 1 ab zz", "contains 'z'")]
    [InlineData("3 1 1 ab\u00a0cd", "contains U+00A0")]
    [InlineData("3 1 1 ( abcd )", "contains '('")]
    [InlineData("DANE-EE SPKI SHA2-256 abcd", "usage field 'DANE-EE'")]
    public void TryParse_BrokenText_SaysWhatIsWrong(string? text, string reason)
    {
        Assert.False(TlsaAssociation.TryParse(text, out var record, out var error));

        Assert.Null(record);
        Assert.Contains(reason, error);
    }

    [Property(MaxTest = 2000)]
    public Property TryParse_ArbitraryText_NeverThrowsAndSuccessMeansItsOwnTextParsesBack(string? text)
    {
        return CheckParse(text);
    }

    [Property(MaxTest = 2000)]
    public Property TryParse_TlsaShapedText_NeverThrowsAndSuccessMeansItsOwnTextParsesBack()
    {
        Gen<string> Text(string alphabet, int max) =>
            from length in Gen.Choose(0, max)
            from picked in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
            select new string(picked);

        var field = Gen.OneOf(Gen.Choose(0, 300).Select(n => n.ToString()), Text("0123456789x-+", 4));
        var gap = Text(" \t", 2).Select(g => " " + g);
        var text = from prefix in Gen.Elements("", "IN TLSA ", "_25._tcp.mx. 300 IN TLSA ", "TLSA")
                   from usage in field
                   from selector in field
                   from matching in field
                   from g1 in gap
                   from g2 in gap
                   from g3 in gap
                   from data in Text("0123456789abcdefABCDEF \tgxz()\u00a0", 24)
                   select prefix + usage + g1 + selector + g2 + matching + g3 + data;
        return Prop.ForAll(Arb.From(text), CheckParse);
    }

    [Property(MaxTest = 1000)]
    public Property ToString_ThenTryParse_RoundTrips()
    {
        var records = from usage in Gen.Choose(0, 255)
                      from selector in Gen.Choose(0, 255)
                      from matching in Gen.Choose(0, 255)
                      from length in Gen.Choose(1, 80)
                      from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
                      select new TlsaAssociation((byte)usage, (byte)selector, (byte)matching, data);

        return Prop.ForAll(Arb.From(records), record =>
        {
            var parsed = TlsaAssociation.TryParse(record.ToString(), out var back, out var error);
            var lowerParsed = TlsaAssociation.TryParse(record.ToString().ToLowerInvariant(), out var lower, out _);
            return (parsed && record.Equals(back) && error.Length == 0 && lowerParsed && record.Equals(lower)).ToProperty();
        });
    }

    private static Property CheckParse(string? text)
    {
        var ok = TlsaAssociation.TryParse(text, out var record, out var error);
        if (!ok)
        {
            return (record is null && error.Length > 0).ToProperty();
        }

        var again = TlsaAssociation.TryParse(record!.ToString(), out var reparsed, out _);
        return (error.Length == 0 && again && record.Equals(reparsed)).ToProperty();
    }
}
