using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Dane;

/// <summary>Turns TLSA lookups into Get-DaneTlsa rows, and certificates into records to publish (New-DaneTlsa).</summary>
public static class DaneRecords
{
    public static IReadOnlyList<TlsaRecord> Rows(TlsaLookup lookup, string domain) =>
        lookup.Records.Select(r => new TlsaRecord
        {
            Name = lookup.Owner,
            Host = lookup.Host,
            Port = lookup.Port,
            Domain = domain,
            Usage = r.Usage,
            Selector = r.Selector,
            MatchingType = r.MatchingType,
            Data = r.DataHex,
            DnssecAuthenticated = lookup.DnssecAuthenticated,
            Dnssec = lookup.Dnssec,
            Usable = lookup.DnssecAuthenticated && r.IsUsableForSmtp,
            Note = lookup.Dnssec switch
            {
                Dns.DnssecStatus.Unsigned => "The zone is not signed with DNSSEC: senders ignore TLSA records they cannot authenticate (RFC 7672 §2.2).",
                Dns.DnssecStatus.NotValidated => "Not validated by this resolver (it does not check DNSSEC): ask a validating resolver with -DnsServer.",
                _ => r.UnusableReason,
            },
        }).ToArray();

    /// <summary>DANE-EE "3 1 1" for the server's own certificate, the record that survives CA changes.</summary>
    public static TlsaRecordDraft ForServer(X509Certificate2 certificate, string host, int port) =>
        Draft(certificate, host, port, TlsaAssociation.UsageDaneEe);

    /// <summary>DANE-TA "2 1 1" for the CA that issued the server's certificate (it must be in the chain the server sends).</summary>
    public static TlsaRecordDraft ForIssuer(X509Certificate2 issuer, string host, int port) =>
        Draft(issuer, host, port, TlsaAssociation.UsageDaneTa);

    private static TlsaRecordDraft Draft(X509Certificate2 certificate, string host, int port, byte usage)
    {
        var name = Dns.DomainName.Normalize(host);
        var association = DaneRecordFactory.ForCertificate(certificate, usage, TlsaAssociation.SelectorPublicKey, TlsaAssociation.MatchingSha256);
        var owner = TlsaRecordText.OwnerName(name, port);
        return new TlsaRecordDraft
        {
            Name = owner,
            Host = name,
            Port = port,
            Usage = association.Usage,
            Selector = association.Selector,
            MatchingType = association.MatchingType,
            Data = association.DataHex,
            Record = association.ToString(),
            ZoneLine = TlsaRecordText.ZoneLine(owner, association),
            Certificate = certificate.Subject,
            CertificateNotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
        };
    }
}
