using System.Linq;

namespace MailTls.Policy;

/// <summary>
/// The TLS authentication level an Exchange connector can require of a domain without bouncing its mail.
/// Connectors cannot require DANE, and DomainValidation checks the certificate against one TlsDomain (a
/// name, or *. and a parent domain), so the level follows what the MX hosts allow.
/// </summary>
internal sealed record ExchangeTls(string AuthLevel, string TlsDomain, ForcedTlsLevel Enforced, string Why)
{
    public const string EncryptionOnly = "EncryptionOnly";
    public const string CertificateValidation = "CertificateValidation";
    public const string DomainValidation = "DomainValidation";

    public static ExchangeTls For(DomainTlsState domain) => domain.ForcedTls switch
    {
        ForcedTlsLevel.Dane when domain.CertificatesValid == false =>
            new(EncryptionOnly, string.Empty, ForcedTlsLevel.Encrypt, "connectors cannot require DANE, and its certificates do not verify without it"),

        // -DomainName with -Level Dane: nothing says the certificates verify, and DANE-EE hosts often use self-signed ones.
        ForcedTlsLevel.Dane when domain.CertificatesValid is null =>
            new(EncryptionOnly, string.Empty, ForcedTlsLevel.Encrypt, "connectors cannot require DANE, and whether its certificates verify without it is not known"),
        ForcedTlsLevel.Dane or ForcedTlsLevel.Verify => Verified(domain),
        _ => new(EncryptionOnly, string.Empty, ForcedTlsLevel.Encrypt, "TLS required, the certificate not checked"),
    };

    private static ExchangeTls Verified(DomainTlsState domain)
    {
        var dane = domain.ForcedTls == ForcedTlsLevel.Dane ? "; connectors cannot require DANE" : string.Empty;
        var tlsDomain = TlsDomainFor(domain);
        return tlsDomain.Length > 0
            ? new(DomainValidation, tlsDomain, ForcedTlsLevel.Verify, $"a valid certificate for {tlsDomain}{dane}")
            : new(CertificateValidation, string.Empty, ForcedTlsLevel.Verify,
                $"a valid certificate chain, its name unchecked: {(domain.MxHosts.Count == 0 ? "the MX hosts are not known" : "the MX hosts share no parent domain")}{dane}");
    }

    // One MX host: its name. Several under one parent (mx1.contoso.com, mx2.contoso.com): *.contoso.com. A
    // parent of one label (com) would let any certificate under it pass, so none then.
    private static string TlsDomainFor(DomainTlsState domain)
    {
        if (domain.MxHosts.Count == 1)
        {
            return domain.MxHosts[0];
        }

        var parents = domain.MxHosts.Select(h => h.Substring(h.IndexOf('.') + 1)).Distinct().ToArray();
        return parents.Length == 1 && parents[0].IndexOf('.') > 0 && domain.MxHosts.All(h => h.IndexOf('.') > 0) ? "*." + parents[0] : string.Empty;
    }
}
