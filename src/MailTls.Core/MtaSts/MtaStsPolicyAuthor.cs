using System;
using System.Collections.Generic;
using System.Linq;

namespace MailTls.MtaSts;

/// <summary>Writes a new policy and its TXT record, checked by the same parsers senders' rules are checked with.</summary>
public static class MtaStsPolicyAuthor
{
    /// <param name="domain">The mail domain, or null for the policy text alone.</param>
    /// <param name="mode">enforce, testing or none.</param>
    /// <param name="mx">Host names or "*." patterns; may be empty only for mode none.</param>
    /// <param name="maxAgeSeconds">0 to 31557600.</param>
    /// <param name="now">When, for the record's fresh id.</param>
    /// <exception cref="ArgumentException">Any input breaks RFC 8461; the message names the rule.</exception>
    public static MtaStsPolicyDraft Create(string? domain, string mode, IEnumerable<string> mx, long maxAgeSeconds, DateTimeOffset now)
    {
        var name = domain is null ? null : Dns.DomainName.Normalize(domain);
        var patterns = mx.Select(p => p.Trim().TrimEnd('.').ToLowerInvariant()).Distinct().ToArray();
        var text = MtaStsPolicyParser.Format(mode, patterns, maxAgeSeconds);
        var check = MtaStsPolicyParser.Parse(text);
        if (!check.IsValid)
        {
            throw new ArgumentException(string.Join(" ", check.Errors));
        }

        var id = MtaStsRecordParser.NewId(now);
        return new MtaStsPolicyDraft
        {
            Domain = name ?? string.Empty,
            Mode = check.Mode,
            Mx = new TextList(check.Mx),
            MaxAge = TimeSpan.FromSeconds(maxAgeSeconds),
            Policy = text,
            PolicyUrl = name is null ? string.Empty : $"https://mta-sts.{name}/.well-known/mta-sts.txt",
            RecordName = name is null ? string.Empty : "_mta-sts." + name,
            Record = MtaStsRecordParser.Format(id),
            Id = id,
        };
    }

    /// <summary>The same draft, noting the file it was written to.</summary>
    public static MtaStsPolicyDraft WithPath(MtaStsPolicyDraft draft, string path)
    {
        var copy = draft.Copy();
        copy.Path = path;
        return copy;
    }
}
