using System;
using System.Linq;
using System.Security.Authentication;
using MailTls.Received;
using Xunit;

namespace MailTls.Tests.Received;

public class ReceivedHopReaderTests
{
    public static TheoryData<string, string?, HopEncryption, string?, string?, string?, int?, bool?> Samples()
    {
        var data = new TheoryData<string, string?, HopEncryption, string?, string?, string?, int?, bool?>();
        foreach (var s in ReceivedSamples.All())
        {
            data.Add((string)s[0]!, (string?)s[1], (HopEncryption)s[2]!, (string?)s[3], (string?)s[4], (string?)s[5], (int?)s[6], (bool?)s[7]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_EachMtaFormat_GivesItsTlsFacts(string header, string? software, HopEncryption encrypted, string? with, string? protocol, string? cipher, int? bits, bool? verified)
    {
        var hop = ReceivedHopReader.Read(header);

        Assert.Equal(software, hop.Software);
        Assert.Equal(encrypted, hop.Encrypted);
        Assert.Equal(with, hop.With);
        Assert.Equal(protocol, hop.TlsProtocol?.ToString());
        Assert.Equal(cipher, hop.CipherSuite);
        Assert.Equal(bits, hop.CipherBits);
        Assert.Equal(verified, hop.PeerVerified);
        Assert.NotNull(hop.Timestamp);
        Assert.False(string.IsNullOrEmpty(hop.Evidence));
        Assert.DoesNotContain('\n', hop.Raw);
    }

    [Fact]
    public void Read_PostfixHeader_GivesHostsAddressAndUtcTime()
    {
        var hop = ReceivedHopReader.Read((string)ReceivedSamples.All().First()[0]!);

        Assert.Equal("mail.example.org", hop.From);
        Assert.Equal("192.0.2.25", hop.FromAddress);
        Assert.Equal("mx.example.net", hop.By);
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 8, 15, 2, TimeSpan.Zero), hop.Timestamp);
        Assert.Equal(TimeSpan.Zero, hop.Timestamp!.Value.Offset);
    }

    [Theory]
    [InlineData("from [IPv6:2001:db8::25] (mail.example.org [IPv6:2001:db8::25]) by mx.example.net (Postfix) with ESMTPS id X; Mon, 3 Jun 2024 10:15:02 +0000", "2001:db8::25")]
    [InlineData("from mail.example.org ([2001:db8::25]:41234 helo=mail.example.org) by mx.example.net with esmtps (Exim 4.96) id Y; Mon, 3 Jun 2024 10:15:02 +0000", "2001:db8::25")]
    [InlineData("from x.example.org (2603:10a6:209:4d::21) by y.prod.outlook.com (2603:10a6:10:19::27) with Microsoft SMTP Server id 15.20.1.2; Mon, 3 Jun 2024 10:15:02 +0000", "2603:10a6:209:4d::21")]
    public void Read_Ipv6Peers_GivesTheAddress(string header, string address)
    {
        Assert.Equal(address, ReceivedHopReader.Read(header).FromAddress);
    }

    [Theory]
    [InlineData("from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id 1; Mon, 3 Jun 2024 10:15:02 +0000", HopEncryption.False)]
    [InlineData("by mx.example.net (Postfix, from userid 1000) id 4VtQ2X; Mon,  3 Jun 2024 10:15:00 +0200 (CEST)", HopEncryption.Unknown)]
    [InlineData("(qmail 28069 invoked from network); 5 Nov 2011 17:28:37 -0000", HopEncryption.Unknown)]
    [InlineData("from exch02.corp.example.net ([::1]) by exch02.corp.example.net ([::1]) with mapi id 15.00.0847.030; Mon, 25 May 2020 09:59:31 +0800", HopEncryption.Unknown)]
    public void Read_HopsThatNeverCrossedANetwork_AreLocal(string header, HopEncryption encrypted)
    {
        var hop = ReceivedHopReader.Read(header);

        Assert.True(hop.IsLocal);
        Assert.Equal(encrypted, hop.Encrypted);
    }

    [Fact]
    public void Read_CommentsNestedInParentheses_StayWhole()
    {
        var hop = ReceivedHopReader.Read("from a.example.org (a.example.org [192.0.2.1] (may be (forged))) (using TLSv1.2 with cipher AES256-SHA (256/256 bits)) by b.example.net (Postfix) with ESMTPS id 1; Mon, 3 Jun 2024 10:15:02 +0000");

        Assert.Equal("192.0.2.1", hop.FromAddress);
        Assert.Equal("AES256-SHA", hop.CipherSuite);
        Assert.Equal(HopEncryption.True, hop.Encrypted);
    }

    [Theory]
    [InlineData("Mon,  3 Jun 2024 10:15:02 +0200 (CEST)", "2024-06-03T08:15:02Z")]
    [InlineData("3 Jun 2024 08:15:02 -0000", "2024-06-03T08:15:02Z")]
    [InlineData("Mon, 03 Jun 24 10:15:02 EST", "2024-06-03T15:15:02Z")]
    [InlineData("Mon, 3 Jun 2024 10:15 +0200", "2024-06-03T08:15:00Z")]
    [InlineData("Mon, 3 Jun 2024 10:15:02 GMT", "2024-06-03T10:15:02Z")]
    [InlineData("Mon, 3 Jun 2024 10:15:02 +0200\n\t(envelope-from alice@example.org)", "2024-06-03T08:15:02Z")]
    public void Read_OddButLegalDates_AreRead(string date, string utc)
    {
        var hop = ReceivedHopReader.Read("from a.example.org by b.example.net with ESMTP id 1; " + date);

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), hop.Timestamp);
    }

    [Fact]
    public void Read_Garbage_KeepsRawAndSaysUnknown()
    {
        var hop = ReceivedHopReader.Read("this is not ( a received header");

        Assert.Equal(HopEncryption.Unknown, hop.Encrypted);
        Assert.Equal("this is not ( a received header", hop.Raw);
        Assert.Null(hop.Timestamp);
    }
}
