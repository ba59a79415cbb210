using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MailTls;

/// <summary>
/// A host's addresses as text, IPv4 first. Text, because IPAddress objects turn into unreadable
/// JSON; joined by ToString, so Export-Csv writes "192.0.2.1; 2001:db8::1".
/// </summary>
public sealed class AddressList : TextList
{
    internal AddressList(IEnumerable<IPAddress> addresses)
        : this(addresses.ToList())
    {
    }

    private AddressList(List<IPAddress> addresses)
        : base(addresses.Select(a => a.ToString()))
    {
        Values = addresses;
    }

    internal static new AddressList None { get; } = new(Enumerable.Empty<IPAddress>());

    /// <summary>The same addresses, parsed, for the probes.</summary>
    internal IReadOnlyList<IPAddress> Values { get; }
}
