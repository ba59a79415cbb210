using System.IO;
using System.Linq;
using System.Text;
using MailTls.Received;
using Xunit;

namespace MailTls.Tests.Received;

public class ReceivedChainTests
{
    // A message as Gmail's "Show original" gives it: newest header on top, Postfix pickup at the bottom.
    private const string Message =
        "Delivered-To: bob@example.net\r\n" +
        "Received: from mx.example.net (mx.example.net [198.51.100.2])\r\n" +
        "        by imap.example.net with LMTP id 77AA10 (envelope-from <alice@example.org>) for <bob@example.net>;\r\n" +
        "        Mon,  3 Jun 2024 10:15:09 +0200 (CEST)\r\n" +
        "Received: from mail.example.org (mail.example.org [192.0.2.25])\r\n" +
        "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n" +
        "\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\r\n" +
        "\t(No client certificate requested)\r\n" +
        "\tby mx.example.net (Postfix) with ESMTPS id 4VtQ2X1Zk3z9sW;\r\n" +
        "\tMon,  3 Jun 2024 10:15:07 +0200 (CEST)\r\n" +
        "Received: from localhost (localhost [127.0.0.1]) by mail.example.org (Postfix) with ESMTP id 55BB;\r\n" +
        "\tMon, 3 Jun 2024 08:15:03 +0000\r\n" +
        "Received: by mail.example.org (Postfix, from userid 1000)\r\n" +
        "\tid 44CC; Mon,  3 Jun 2024 10:15:02 +0200 (CEST)\r\n" +
        "Message-ID: <1@example.org>\r\n" +
        "Subject: Hello\r\n" +
        "\r\n" +
        "Body text (Received: from nowhere) is never read.\r\n";

    [Fact]
    public void Read_MessageText_GivesHopsOldestFirstWithDelays()
    {
        var headers = MessageHeaders.Parse(Message);
        var hops = ReceivedChain.Read(headers.Received, headers.MessageId, "m.eml");

        Assert.Equal(4, hops.Count);
        Assert.Equal(new[] { 1, 2, 3, 4 }, hops.Select(h => h.Hop));
        Assert.True(hops[0].IsLocal);
        Assert.Equal("mx.example.net", hops[2].By);
        Assert.Equal(HopEncryption.True, hops[2].Encrypted);
        Assert.Equal(new double?[] { null, 1, 4, 2 }, hops.Select(h => h.DelaySeconds));
        Assert.All(hops, h => Assert.Equal("1@example.org", h.MessageId));
        Assert.DoesNotContain("\n", hops[2].Raw);
    }

    [Fact]
    public void Summarize_CountsHopsAndNamesTheFirstUnproven()
    {
        var headers = MessageHeaders.Load(new MemoryStream(Encoding.ASCII.GetBytes(Message)));
        var hops = ReceivedChain.Read(headers.Received, headers.MessageId, "m.eml");
        var summary = ReceivedChain.Summarize(hops, headers.MessageId, headers.Subject, "m.eml");

        Assert.Equal(4, summary.Hops);
        Assert.Equal(2, summary.LocalHops);
        Assert.Equal(1, summary.EncryptedHops);
        Assert.Equal(1, summary.UnencryptedHops);
        Assert.Equal(4, summary.FirstUnprovenHop);
        Assert.Equal("imap.example.net", summary.FirstUnprovenBy);
        Assert.Equal(HopEncryption.Unknown, summary.FirstUnprovenState);
        Assert.False(summary.AllEncrypted);
        Assert.Equal("Hello", summary.Subject);
    }

    [Fact]
    public void Parse_HeadersPastedFromOutlook_WithoutBody_AreRead()
    {
        var pasted = "\r\n  Received: from a.example.org (a.example.org [192.0.2.1]) by b.example.net (Postfix) with ESMTPS id 1; Mon, 3 Jun 2024 10:15:02 +0000\r\nX-Other: 1\r\n";

        var headers = MessageHeaders.Parse(pasted);

        Assert.Single(headers.Received);
        Assert.Equal(HopEncryption.True, ReceivedHopReader.Read(headers.Received[0]).Encrypted);
    }
}
