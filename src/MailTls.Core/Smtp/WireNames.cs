using System;
using System.Net.Sockets;
using MailTls.Dns;

namespace MailTls.Smtp;

/// <summary>
/// Checks every name that reaches the wire in a probe. A HELO name is a host name or an address
/// literal (RFC 5321 §4.1.3: [192.0.2.1], [IPv6:2001:db8::1]) and nothing else: anything more, a
/// line break above all, would let text become SMTP commands of its own.
/// </summary>
internal static class WireNames
{
    /// <exception cref="ArgumentException">Not a host name or address literal.</exception>
    public static string HeloName(string text, string parameter)
    {
        if (!TryHeloName(text, out var helo))
        {
            throw new ArgumentException(
                $"'{Printable(text)}' cannot be sent with EHLO: give a host name such as mail.contoso.com, or an address literal such as [192.0.2.1] or [IPv6:2001:db8::1].",
                parameter);
        }

        return helo;
    }

    public static bool TryHeloName(string? text, out string helo)
    {
        helo = string.Empty;
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith("[", StringComparison.Ordinal) && value.EndsWith("]", StringComparison.Ordinal))
        {
            var inner = value.Substring(1, value.Length - 2);
            var v6 = inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase);
            var address = v6 ? inner.Substring(5) : inner;
            if (!AddressText.TryParse(address, out var parsed) || (parsed.AddressFamily == AddressFamily.InterNetworkV6) != v6)
            {
                return false;
            }

            helo = v6 ? $"[IPv6:{parsed}]" : $"[{parsed}]";
            return true;
        }

        if (!DomainName.TryNormalize(value, out var name, out _))
        {
            return false;
        }

        helo = name;
        return true;
    }

    /// <summary>The name for SNI and the certificate check: a host name (A-label form).</summary>
    /// <exception cref="ArgumentException">Not a host name.</exception>
    public static string ServerName(string text, string parameter)
    {
        if (!DomainName.TryNormalize(text, out var name, out var error))
        {
            throw new ArgumentException($"'{Printable(text)}' cannot be the server name (SNI and the certificate check need a host name): {error}", parameter);
        }

        return name;
    }

    // Control characters shown, not obeyed, in messages.
    private static string Printable(string text)
    {
        var shown = text.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
        return shown.Length <= 80 ? shown : shown.Substring(0, 77) + "...";
    }
}
