using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

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

    /// <summary>
    /// The certificates a live server presents (leaf first), read with one probe that ends at QUIT;
    /// null and the reason when no certificate could be read.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="computerName"/> is neither an address nor a host name.</exception>
    public static async Task<(IReadOnlyList<X509Certificate2>? Chain, string Reason)> ReadServerAsync(
        Session.RunSession session, Smtp.SmtpProbeOptions options, string computerName, Diagnostics.OperationLog log, CancellationToken cancellationToken)
    {
        var check = await session.SmtpChecker(options).CheckHostAsync(computerName, log, cancellationToken).ConfigureAwait(false);
        if (check.Faults.Count > 0)
        {
            throw new InvalidOperationException(check.Faults[0].Message, check.Faults[0].Error);
        }

        var result = check.Results.FirstOrDefault(r => r.Certificate is not null);
        if (result is null)
        {
            var why = string.Join(" ", check.Results.SelectMany(r => r.Findings).Select(f => f.Message).Distinct());
            return (null, $"No certificate could be read from {computerName}: {why}");
        }

        return (result.GetPresentedCertificates(), string.Empty);
    }

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
            CertificateNotAfter = IsoTime.Format(new DateTimeOffset(certificate.NotAfter.ToUniversalTime())),
        };
    }
}
