using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Https;

namespace MailTls.MtaSts;

/// <summary>Reads a domain's _mta-sts TXT record and judges it as senders do (RFC 8461 §3.1).</summary>
public sealed class MtaStsRecordReader
{
    private readonly DnsResolver _dns;

    public MtaStsRecordReader(DnsResolver dns) => _dns = dns ?? throw new ArgumentNullException(nameof(dns));

    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<(MtaStsRecord? Record, DnsFailure? Failure)> GetRecordAsync(string domain, OperationLog? log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var lookup = await _dns.QueryTxtAsync("_mta-sts." + name, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return (null, lookup.Failure);
        }

        var parsed = MtaStsRecordParser.Parse(lookup.Records.ToArray());
        var record = new MtaStsRecord
        {
            Domain = name,
            Name = lookup.Name,
            IsPublished = parsed.Found,
            IsValid = parsed.IsValid,
            Status = parsed.IsValid ? RecordStatus.Valid : parsed.Found || parsed.Errors.Count > 0 ? RecordStatus.Invalid : RecordStatus.NotPublished,
            Record = parsed.Record,
            Version = parsed.Version,
            Id = parsed.Id,
            Errors = new TextList(parsed.Errors),
            Dnssec = lookup.Dnssec,
            DnsServer = _dns.ServerList,
        };
        return (record, null);
    }
}
