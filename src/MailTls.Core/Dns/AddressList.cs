using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Net;

// Result types sit in the root namespace so PowerShell sees MailTls.<Type> names (DESIGN.md).
namespace MailTls;

/// <summary>
/// A host's addresses as text, IPv4 first. Text, because IPAddress objects turn into unreadable
/// JSON; a list whose ToString joins them, so Export-Csv writes "192.0.2.1; 2001:db8::1".
/// </summary>
public sealed class AddressList : ReadOnlyCollection<string>
{
    internal AddressList(IEnumerable<IPAddress> addresses)
        : this(addresses.ToList())
    {
    }

    private AddressList(List<IPAddress> addresses)
        : base(addresses.Select(a => a.ToString()).ToList())
    {
        Values = addresses;
    }

    internal static AddressList None { get; } = new(Enumerable.Empty<IPAddress>());

    /// <summary>The same addresses, parsed, for the probes.</summary>
    internal IReadOnlyList<IPAddress> Values { get; }

    public override string ToString() => string.Join("; ", this);
}
