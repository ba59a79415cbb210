using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Net;

// Result types sit in the root namespace so PowerShell sees MailTls.<Type> names (DESIGN.md).
namespace MailTls;

/// <summary>
/// Addresses of a host, IPv4 first. Enumerates like any list; ToString joins them so that
/// Export-Csv writes "192.0.2.1; 2001:db8::1" rather than a type name.
/// </summary>
public sealed class IPAddressList : ReadOnlyCollection<IPAddress>
{
    public IPAddressList(IEnumerable<IPAddress> addresses)
        : base(addresses.ToList())
    {
    }

    public static IPAddressList None { get; } = new(Enumerable.Empty<IPAddress>());

    public override string ToString() => string.Join("; ", this.Select(a => a.ToString()));
}
