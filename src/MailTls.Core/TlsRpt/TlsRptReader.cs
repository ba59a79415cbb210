using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.TlsRpt;

/// <summary>Reads a domain's TLS-RPT record (RFC 8460 §3), and notices one left at the pre-standard name.</summary>
public sealed class TlsRptReader
{
    private readonly DnsResolver _dns;

    public TlsRptReader(DnsResolver dns) => _dns = dns ?? throw new ArgumentNullException(nameof(dns));

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<(TlsRptRecord? Record, DnsFailure? Failure)> GetRecordAsync(string domain, OperationLog? log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var lookup = await _dns.QueryTxtAsync("_smtp._tls." + name, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return (null, lookup.Failure);
        }

        var parsed = TlsRptRecordParser.Parse(lookup.Records.ToArray());
        var errors = parsed.Errors.ToList();
        if (!parsed.Found)
        {
            // Drafts of RFC 8460 used _smtp-tlsrpt; senders no longer look there.
            var legacy = await _dns.QueryTxtAsync("_smtp-tlsrpt." + name, log, cancellationToken).ConfigureAwait(false);
            if (TlsRptRecordParser.Parse(legacy.Records.ToArray()).Found)
            {
                errors.Add($"RFC 8460 §3: a TLS-RPT record was found at the pre-standard name {legacy.Name}, where senders do not look; publish it at {lookup.Name}.");
            }
        }

        var record = new TlsRptRecord
        {
            Domain = name,
            Name = lookup.Name,
            IsPublished = parsed.Found,
            IsValid = parsed.IsValid,
            Status = parsed.IsValid ? RecordStatus.Valid : parsed.Found ? RecordStatus.Invalid : RecordStatus.NotPublished,
            Record = parsed.Record,
            Version = parsed.Version,
            Rua = new TextList(parsed.Rua),
            Errors = new TextList(errors),
        };
        return (record, null);
    }
}
