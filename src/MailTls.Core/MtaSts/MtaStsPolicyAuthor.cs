using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.MtaSts;

/// <summary>Writes a new policy and its TXT record, checked by the same parsers senders' rules are checked with.</summary>
public static class MtaStsPolicyAuthor
{
    /// <param name="domain">The mail domain, or null for the policy text alone.</param>
    /// <param name="mode">Enforce, Testing or None.</param>
    /// <param name="mx">Host names or "*." patterns; may be empty only for mode none.</param>
    /// <param name="maxAgeSeconds">0 to 31557600.</param>
    /// <param name="now">When, for the record's fresh id.</param>
    /// <exception cref="ArgumentException">Any input breaks RFC 8461; the message names the rule.</exception>
    public static MtaStsPolicyDraft Create(string? domain, MtaStsMode mode, IEnumerable<string> mx, long maxAgeSeconds, DateTimeOffset now)
    {
        var name = domain is null ? null : Dns.DomainName.Normalize(domain);
        var patterns = mx.Select(p => p.Trim().TrimEnd('.').ToLowerInvariant()).Distinct().ToArray();
        var text = MtaStsPolicyParser.Format(mode.PolicyWord(), patterns, maxAgeSeconds);
        var check = MtaStsPolicyParser.Parse(text);
        if (!check.IsValid)
        {
            throw new ArgumentException(string.Join(" ", check.Errors));
        }

        var id = MtaStsRecordParser.NewId(now);
        return new MtaStsPolicyDraft
        {
            Domain = name ?? string.Empty,
            Mode = mode,
            Mx = new TextList(check.Mx),
            MaxAge = maxAgeSeconds,
            Policy = text,
            PolicyUrl = name is null ? string.Empty : $"https://mta-sts.{name}/.well-known/mta-sts.txt",
            RecordName = name is null ? string.Empty : "_mta-sts." + name,
            Record = MtaStsRecordParser.Format(id),
            Id = id,
        };
    }

    /// <summary>
    /// The MX host names a new policy should list: the domain's current ones (not an implicit MX, not a
    /// null MX); or the DNS failure, or a sentence saying there are none.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Hosts, DnsFailure? Failure, string Problem)> CurrentMxHostsAsync(
        MailExchangerResolver resolver, string domain, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await resolver.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return (Array.Empty<string>(), lookup.Failure, string.Empty);
        }

        var hosts = lookup.Exchangers.Where(e => !e.IsNullMx && !e.IsImplicit).Select(e => e.Exchange).Distinct().ToArray();
        return hosts.Length == 0
            ? (hosts, null, $"{lookup.Domain} has no MX records to put in the policy; pass the hosts with -Mx.")
            : (hosts, null, string.Empty);
    }

    /// <summary>The same draft, noting the file it was written to.</summary>
    public static MtaStsPolicyDraft WithPath(MtaStsPolicyDraft draft, string path) => draft.WrittenTo(path);
}
