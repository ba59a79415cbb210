using System;
using System.Collections.Generic;
using MailTls.MtaSts;

namespace MailTls.TlsRpt;

/// <summary>Writes a TLS-RPT record, checked by the parser that reads published ones.</summary>
public static class TlsRptRecordAuthor
{
    /// <exception cref="ArgumentException">A reporting address is not a mailto: or https: URI (or an e-mail address).</exception>
    public static TlsRptRecordDraft Create(string? domain, IEnumerable<string> rua)
    {
        var name = domain is null ? null : Dns.DomainName.Normalize(domain);
        var record = TlsRptRecordParser.Format(rua);
        var check = TlsRptRecordParser.Parse(new[] { record });
        if (!check.IsValid)
        {
            throw new ArgumentException(string.Join(" ", check.Errors));
        }

        var owner = name is null ? "_smtp._tls" : "_smtp._tls." + name;
        var strings = TxtRecordText.CharacterStrings(record);
        return new TlsRptRecordDraft
        {
            Domain = name ?? string.Empty,
            Name = name is null ? string.Empty : owner,
            Record = record,
            Rua = new TextList(check.Rua),
            Strings = new TextList(strings),
            ZoneLine = TxtRecordText.ZoneLine(owner, strings),
        };
    }
}
