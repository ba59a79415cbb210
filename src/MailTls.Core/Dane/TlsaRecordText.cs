using System;
using System.Globalization;
using MailTls.Dns;

namespace MailTls.Dane;

/// <summary>TLSA records as text to publish: owner names (RFC 6698 §3) and zone-file lines.</summary>
public static class TlsaRecordText
{
    /// <summary>"_25._tcp.mx.contoso.com" for <c>("mx.contoso.com", 25)</c>: the TCP service's TLSA owner name.</summary>
    public static string OwnerName(string host, int port) => OwnerName(host, port, "tcp");

    /// <summary>
    /// "_&lt;port&gt;._&lt;protocol&gt;.&lt;host&gt;" (RFC 6698 §3): the port in decimal without leading zeros, the
    /// protocol label (tcp, udp, sctp) lower-case, the host as a lower-case A-label name without the trailing dot.
    /// Throws ArgumentException for a port outside 1-65535, an unusable protocol label or host name.
    /// </summary>
    public static string OwnerName(string host, int port, string protocol)
    {
        if (host is null)
        {
            throw new ArgumentNullException(nameof(host));
        }

        if (protocol is null)
        {
            throw new ArgumentNullException(nameof(protocol));
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be from 1 to 65535.");
        }

        var label = protocol.Trim().ToLowerInvariant();
        if (label.Length == 0 || label.Length > 62 || !IsLetterDigitHyphen(label))
        {
            throw new ArgumentException($"'{protocol}' is not a protocol label such as tcp, udp or sctp.", nameof(protocol));
        }

        if (!DomainName.TryNormalize(host, out var normalized, out var error))
        {
            throw new ArgumentException(error, nameof(host));
        }

        return string.Format(CultureInfo.InvariantCulture, "_{0}._{1}.{2}", port, label, normalized);
    }

    /// <summary>"_25._tcp.mx.contoso.com. IN TLSA 3 1 1 &lt;hex&gt;": one zone-file line with an absolute owner name.</summary>
    public static string ZoneLine(string owner, TlsaAssociation association)
    {
        if (owner is null)
        {
            throw new ArgumentNullException(nameof(owner));
        }

        if (association is null)
        {
            throw new ArgumentNullException(nameof(association));
        }

        var name = owner.Trim();
        if (name.Length == 0 || name.IndexOfAny(new[] { ' ', '\t', '\r', '\n' }) >= 0)
        {
            throw new ArgumentException($"'{owner}' is not an owner name.", nameof(owner));
        }

        if (!name.EndsWith(".", StringComparison.Ordinal))
        {
            name += ".";
        }

        return $"{name} IN TLSA {association}";
    }

    private static bool IsLetterDigitHyphen(string label)
    {
        foreach (var c in label)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
