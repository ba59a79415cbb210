namespace MailTls;

/// <summary>One TLSA record of a mail server, and whether a DANE sender would use it (RFC 7672).</summary>
public sealed class TlsaRecord
{
    internal TlsaRecord()
    {
    }

    /// <summary>The owner name, e.g. _25._tcp.mx.contoso.com.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The mail server the record is for.</summary>
    public string Host { get; internal set; } = string.Empty;

    public int Port { get; internal set; }

    /// <summary>The mail domain whose MX host this is; empty when a host was named directly.</summary>
    public string Domain { get; internal set; } = string.Empty;

    /// <summary>0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE.</summary>
    public int Usage { get; internal set; }

    /// <summary>0 the full certificate, 1 its public key (SPKI).</summary>
    public int Selector { get; internal set; }

    /// <summary>0 exact, 1 SHA-256, 2 SHA-512.</summary>
    public int MatchingType { get; internal set; }

    /// <summary>The certificate association data, in hex.</summary>
    public string Data { get; internal set; } = string.Empty;

    /// <summary>The resolver validated the answer with DNSSEC (the AD bit); without it senders ignore the record.</summary>
    public bool DnssecAuthenticated { get; internal set; }

    /// <summary>Signed, Unsigned (proven by a validating resolver) or NotValidated (the resolver does not validate).</summary>
    public Dns.DnssecStatus Dnssec { get; internal set; }

    /// <summary>A DANE sender would use this record: authenticated, usage 2 or 3, known selector and matching type.</summary>
    public bool Usable { get; internal set; }

    /// <summary>Why the record is not usable; empty when it is.</summary>
    public string Note { get; internal set; } = string.Empty;

    public override string ToString() => $"{Name} TLSA {Usage} {Selector} {MatchingType} {Data}";
}
