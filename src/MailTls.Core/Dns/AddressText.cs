using System.Linq;
using System.Net;

namespace MailTls.Dns;

/// <summary>
/// Whether text is a written-out IP address. IPAddress.TryParse also takes the old inet_aton
/// shorthands ("6", "10.1"), which are valid host names, so only an IPv4 dotted quad or text with
/// a ':' (IPv6) counts as an address anywhere in MailTls.
/// </summary>
public static class AddressText
{
    /// <summary>Parses a written-out IPv4 or IPv6 address; false for host names, "6" and "10.1" included.</summary>
    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text is null || !LooksLikeAddress(text) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    public static bool LooksLikeAddress(string text)
    {
        if (text.IndexOf(':') >= 0)
        {
            return true;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(c => c is >= '0' and <= '9'));
    }
}
