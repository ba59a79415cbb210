using System;
using MailTls.Dane;
using Xunit;

namespace MailTls.Tests.Dane;

public class TlsaRecordTextTests
{
    [Theory]
    [InlineData("mx.contoso.com", 25, "_25._tcp.mx.contoso.com")]
    [InlineData("MX.Contoso.COM.", 25, "_25._tcp.mx.contoso.com")]
    [InlineData(" mx1.example.test ", 465, "_465._tcp.mx1.example.test")]
    [InlineData("mail.example.test", 587, "_587._tcp.mail.example.test")]
    [InlineData("bücher.example", 25, "_25._tcp.xn--bcher-kva.example")]
    [InlineData("host.example", 65535, "_65535._tcp.host.example")]
    [InlineData("host.example", 1, "_1._tcp.host.example")]
    public void OwnerName_HostAndPort_IsPortThenTcpThenTheHost(string host, int port, string owner)
    {
        Assert.Equal(owner, TlsaRecordText.OwnerName(host, port));
    }

    [Theory]
    [InlineData("udp", "_53._udp.ns.example")]
    [InlineData("SCTP", "_53._sctp.ns.example")]
    public void OwnerName_OtherProtocol_IsItsLowerCaseLabel(string protocol, string owner)
    {
        Assert.Equal(owner, TlsaRecordText.OwnerName("ns.example", 53, protocol));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-25)]
    [InlineData(65536)]
    public void OwnerName_PortOutOfRange_Throws(int port)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlsaRecordText.OwnerName("mx.contoso.com", port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mx..contoso.com")]
    [InlineData("postmaster@contoso.com")]
    [InlineData("192.0.2.25")]
    public void OwnerName_NotAHostName_ThrowsSayingWhy(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => TlsaRecordText.OwnerName(host, 25));

        Assert.Equal("host", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("_tcp")]
    [InlineData("t cp")]
    public void OwnerName_BadProtocolLabel_Throws(string protocol)
    {
        Assert.Throws<ArgumentException>(() => TlsaRecordText.OwnerName("mx.contoso.com", 25, protocol));
    }

    [Theory]
    [InlineData("_25._tcp.mx.contoso.com")]
    [InlineData("_25._tcp.mx.contoso.com.")]
    public void ZoneLine_Owner_IsAbsoluteWithInTlsaAndTheRecord(string owner)
    {
        var record = new TlsaAssociation(3, 1, 1, new byte[] { 0xC1, 0x1D });

        Assert.Equal("_25._tcp.mx.contoso.com. IN TLSA 3 1 1 C11D", TlsaRecordText.ZoneLine(owner, record));
    }

    [Fact]
    public void ZoneLine_ForTheLabLeaf_ParsesBackToTheSameRecord()
    {
        var record = DaneRecordFactory.ForCertificate(OpensslTlsa.Load("good"), 3, 1, 1);
        var line = TlsaRecordText.ZoneLine(TlsaRecordText.OwnerName("mx1.example.test", 25), record);

        Assert.Equal($"_25._tcp.mx1.example.test. IN TLSA 3 1 1 {OpensslTlsa.ForCase("good").SpkiSha256Hex}", line);
        Assert.True(TlsaAssociation.TryParse(line, out var back, out var error), error);
        Assert.Equal(record, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("_25._tcp.mx contoso.com")]
    public void ZoneLine_BadOwner_Throws(string owner)
    {
        Assert.Throws<ArgumentException>(() => TlsaRecordText.ZoneLine(owner, new TlsaAssociation(3, 1, 1, new byte[32])));
    }

    [Fact]
    public void ZoneLine_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TlsaRecordText.ZoneLine(null!, new TlsaAssociation(3, 1, 1, new byte[32])));
        Assert.Throws<ArgumentNullException>(() => TlsaRecordText.ZoneLine("_25._tcp.mx.contoso.com", null!));
    }
}
