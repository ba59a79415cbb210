using System;
using System.Net;

namespace MailTls.Smtp;

/// <summary>One address to probe, and where it came from (a domain's MX, or a host the user named).</summary>
public sealed class SmtpTarget
{
    public SmtpTarget(string domain, string exchange, int? preference, IPAddress address)
    {
        Domain = domain ?? string.Empty;
        Exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        Preference = preference;
        Address = address ?? throw new ArgumentNullException(nameof(address));
    }

    /// <summary>The mail domain, or empty when a host was probed directly.</summary>
    public string Domain { get; }

    /// <summary>The host name (MX target or -ComputerName), or the address itself.</summary>
    public string Exchange { get; }

    public int? Preference { get; }

    public IPAddress Address { get; }
}
