using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Dns;
using Xunit;

namespace MailTls.Tests.Dns;

public class DnsServerEndpointTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53", 53)]
    [InlineData("192.0.2.53:5353", "192.0.2.53", 5353)]
    [InlineData("2001:db8::53", "2001:db8::53", 53)]
    [InlineData("[2001:db8::53]", "2001:db8::53", 53)]
    [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353)]
    [InlineData(" 127.0.0.2 ", "127.0.0.2", 53)]
    [InlineData("::1", "::1", 53)]
    public void TryParse_Address_GivesEndpoint(string text, string address, int port)
    {
        Assert.True(DnsServerEndpoint.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.google")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:65536")]
    [InlineData("192.0.2.53:port")]
    [InlineData("[2001:db8::53")]
    [InlineData("[2001:db8::53]5353")]
    [InlineData("127.1")]
    [InlineData("1")]
    public void TryParse_NotAnAddress_SaysWhatToWrite(string text)
    {
        Assert.False(DnsServerEndpoint.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("udp://192.0.2.53", "-DnsServer 192.0.2.53")]
    [InlineData("tcp://192.0.2.53:53/", "-DnsServer 192.0.2.53:53")]
    [InlineData("https://dns.example/dns-query", "does not speak DNS over TLS or HTTPS")]
    [InlineData("tls://192.0.2.53", "does not speak DNS over TLS or HTTPS")]
    public void TryParse_Url_SaysWhatToWriteInstead(string text, string advice)
    {
        Assert.False(DnsServerEndpoint.TryParse(text, out _, out var error));
        Assert.Contains(advice, error, System.StringComparison.Ordinal);
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_AnyString_NeverThrows(string? text)
    {
        DnsServerEndpoint.TryParse(text, out _, out _);
        return true;
    }

    [Property(MaxTest = 1000)]
    public Property Format_ThenParse_RoundTrips()
    {
        var addresses = Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 4).Select(b => new IPAddress(b)),
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16).Select(b => new IPAddress(b)));
        var endpoints = from address in addresses
                        from port in Gen.Choose(1, 65535)
                        select new IPEndPoint(address, port);
        return Prop.ForAll(Arb.From(endpoints), endpoint =>
            DnsServerEndpoint.TryParse(DnsServerEndpoint.Format(endpoint), out var parsed, out _) && parsed.Equals(endpoint));
    }
}
