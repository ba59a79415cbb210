using System;
using System.Globalization;
using System.Net;

namespace MailTls.Bench;

/// <summary>One "--map tcp:127.0.0.60:25=127.0.0.11:25" argument: what to listen on and where to forward.</summary>
internal sealed record RelayMapping(bool Udp, IPEndPoint Listen, IPEndPoint Target)
{
    public static RelayMapping Parse(string text)
    {
        var protocol = "tcp";
        var rest = text;
        var colon = text.IndexOf(':');
        if (colon > 0 && text[..colon] is "tcp" or "udp")
        {
            protocol = text[..colon];
            rest = text[(colon + 1)..];
        }

        var parts = rest.Split('=');
        if (parts.Length != 2)
        {
            throw new FormatException($"'{text}' is not [tcp|udp:]listen-address:port=target-address:port.");
        }

        return new RelayMapping(protocol == "udp", Endpoint(parts[0]), Endpoint(parts[1]));
    }

    public override string ToString() => $"{(Udp ? "udp" : "tcp")} {Listen} -> {Target}";

    private static IPEndPoint Endpoint(string text) =>
        IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not an address:port ([v6]:port for IPv6).", text));
}
