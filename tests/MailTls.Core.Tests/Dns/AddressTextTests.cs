using MailTls.Dns;
using Xunit;

namespace MailTls.Tests.Dns;

public class AddressTextTests
{
    [Theory]
    [InlineData("192.0.2.1", true)]
    [InlineData("::1", true)]
    [InlineData("2001:db8::53", true)]
    [InlineData("6", false)]
    [InlineData("10.1", false)]
    [InlineData("127.1", false)]
    [InlineData("mx1.example.test", false)]
    [InlineData("1.2.3.4567", false)]
    [InlineData(null, false)]
    public void TryParse_OnlyWrittenOutAddressesCount(string? text, bool expected)
    {
        Assert.Equal(expected, AddressText.TryParse(text, out _));
    }
}
