using System;
using System.Globalization;
using System.Net;

namespace MailTls.Dns;

/// <summary>Parses the resolver addresses users give to -DnsServer: an IP address with an optional port.</summary>
public static class DnsServerEndpoint
{
    public const int DefaultPort = 53;

    /// <summary>
    /// Accepts <c>192.0.2.53</c>, <c>192.0.2.53:5353</c>, <c>2001:db8::53</c> and <c>[2001:db8::53]:5353</c>.
    /// </summary>
    public static bool TryParse(string? text, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.None, DefaultPort);
        error = string.Empty;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            error = "The DNS server address is empty.";
            return false;
        }

        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var rest = value.Substring(scheme + 3).TrimEnd('/');
            error = value.StartsWith("udp://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
                ? $"'{value}' is a URL; -DnsServer takes the resolver's plain address: -DnsServer {rest} (MailTls speaks DNS over UDP and TCP itself)."
                : $"'{value}' is a URL, and MailTls does not speak DNS over TLS or HTTPS; give the address of a resolver that answers on port 53, e.g. -DnsServer 192.0.2.53.";
            return false;
        }

        string host = value;
        var port = DefaultPort;
        if (value.StartsWith("[", StringComparison.Ordinal))
        {
            var close = value.IndexOf(']');
            if (close < 0)
            {
                error = $"'{value}' opens '[' without closing it; write IPv6 with a port as [2001:db8::53]:53.";
                return false;
            }

            host = value.Substring(1, close - 1);
            var rest = value.Substring(close + 1);
            if (rest.Length > 0 && (!rest.StartsWith(":", StringComparison.Ordinal) || !TryParsePort(rest.Substring(1), out port)))
            {
                error = $"'{value}' has an invalid port; use a number from 1 to 65535.";
                return false;
            }
        }
        else if (value.IndexOf(':') == value.LastIndexOf(':') && value.IndexOf(':') > 0)
        {
            // Exactly one colon: IPv4 (or a name) with a port. More colons: a bare IPv6 address.
            var colon = value.IndexOf(':');
            host = value.Substring(0, colon);
            if (!TryParsePort(value.Substring(colon + 1), out port))
            {
                error = $"'{value}' has an invalid port; use a number from 1 to 65535.";
                return false;
            }
        }

        if (!AddressText.TryParse(host, out var address))
        {
            error = $"'{value}' is not an IP address; -DnsServer takes resolver addresses such as 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:53.";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <exception cref="ArgumentException">The text is not an IP address with an optional port.</exception>
    public static IPEndPoint Parse(string text)
    {
        if (!TryParse(text, out var endpoint, out var error))
        {
            throw new ArgumentException(error, nameof(text));
        }

        return endpoint;
    }

    /// <summary>The form users type back: 192.0.2.53 (port 53 left out), 192.0.2.53:5353, [2001:db8::53]:5353.</summary>
    public static string Format(IPEndPoint endpoint)
    {
        if (endpoint.Port == DefaultPort)
        {
            return endpoint.Address.ToString();
        }

        return endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static bool TryParsePort(string text, out int port)
    {
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port >= 1 && port <= 65535;
    }
}
