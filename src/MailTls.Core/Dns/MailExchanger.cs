using MailTls.Dns;

namespace MailTls;

/// <summary>One host that accepts mail for a domain, as a sending MTA would find it in DNS.</summary>
public sealed class MailExchanger
{
    public MailExchanger(string domain, string exchange, int preference, AddressList addresses, bool isImplicit, bool isNullMx, DnssecStatus dnssec, string dnsServer)
    {
        Domain = domain;
        Exchange = exchange;
        Preference = preference;
        Addresses = addresses;
        IsImplicit = isImplicit;
        IsNullMx = isNullMx;
        Dnssec = dnssec;
        DnsServer = dnsServer;
    }

    /// <summary>The domain whose mail this host accepts (A-label form).</summary>
    public string Domain { get; }

    /// <summary>The host name of the exchanger; "." for a null MX.</summary>
    public string Exchange { get; }

    /// <summary>Lower is tried first.</summary>
    public int Preference { get; }

    /// <summary>A and AAAA addresses of <see cref="Exchange"/>, IPv4 first.</summary>
    public AddressList Addresses { get; }

    /// <summary>The domain has no MX, so senders use its own A/AAAA (RFC 5321 §5.1).</summary>
    public bool IsImplicit { get; }

    /// <summary>"MX 0 ." (RFC 7505): the domain accepts no mail.</summary>
    public bool IsNullMx { get; }

    /// <summary>The resolver set the AD bit on the MX answer (and, for implicit MX, on the address answers).</summary>
    public bool DnssecAuthenticated => Dnssec == DnssecStatus.Signed;

    /// <summary>
    /// Signed (the resolver validated the answer), Unsigned (a validating resolver proved the zone is not
    /// signed) or NotValidated (the resolver does not check DNSSEC, so nothing is known).
    /// </summary>
    public DnssecStatus Dnssec { get; }

    /// <summary>The resolvers that gave this answer; a later probe of this exchanger asks them too.</summary>
    public string DnsServer { get; }

    public override string ToString() => IsNullMx ? $"{Domain}: null MX" : $"{Domain}: {Preference} {Exchange}";
}
