using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Policy;

namespace MailTls;

/// <summary>
/// Writes the forced-TLS policy of a mail server from roll-up rows: each domain at the level it bears
/// (or the strongest the server can require of it), the domains below the minimum left out with the reason.
/// </summary>
public static class ForcedTlsPolicyAuthor
{
    /// <param name="domains">The rows; a domain listed twice counts as first listed.</param>
    /// <param name="format">The mail server.</param>
    /// <param name="minimum">Domains that bear less are left out: Encrypt, Verify or Dane.</param>
    /// <param name="path">Where the policy file will be, for the lines that name it; null for the server's usual place.</param>
    /// <exception cref="ArgumentException">The minimum is None, which no policy can force.</exception>
    public static ForcedTlsPolicy Create(IEnumerable<DomainTlsState> domains, ForcedTlsFormat format, ForcedTlsLevel minimum, string? path)
    {
        if (domains is null)
        {
            throw new ArgumentNullException(nameof(domains));
        }

        if (minimum < ForcedTlsLevel.Encrypt)
        {
            throw new ArgumentException("The minimum level must be Encrypt, Verify or Dane: None forces nothing.", nameof(minimum));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unique = domains.Where(d => seen.Add(d.Domain)).ToArray();
        // Sorted, so tonight's file differs from last night's only where a domain changed.
        var included = unique.Where(d => d.ForcedTls >= minimum).OrderBy(d => d.Domain, StringComparer.Ordinal).ToArray();
        var below = unique.Where(d => d.ForcedTls < minimum).OrderBy(d => d.Domain, StringComparer.Ordinal).ToArray();
        var leftOut = below.Select(d => LeftOut(d, minimum)).ToArray();
        var parts = format switch
        {
            ForcedTlsFormat.Postfix => PostfixPolicyWriter.Write(included, path ?? PostfixPolicyWriter.DefaultPath),
            ForcedTlsFormat.Exchange => ExchangePolicyWriter.Write(included, online: false, path ?? ExchangePolicyWriter.DefaultPath),
            ForcedTlsFormat.ExchangeOnline => ExchangePolicyWriter.Write(included, online: true, path ?? ExchangePolicyWriter.DefaultPath),
            ForcedTlsFormat.Exim => EximPolicyWriter.Write(included, path ?? EximPolicyWriter.DefaultPath),
            ForcedTlsFormat.Sendmail => SendmailPolicyWriter.Write(included, below, path ?? SendmailPolicyWriter.DefaultPath),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a forced-TLS policy format."),
        };
        return new ForcedTlsPolicy(format, parts.Entries, leftOut)
        {
            Policy = parts.Policy,
            Configuration = parts.Configuration,
            Apply = parts.Apply,
        };
    }

    /// <summary>The same policy, as written to a file.</summary>
    public static ForcedTlsPolicy WithPath(ForcedTlsPolicy policy, string path)
    {
        if (policy is null)
        {
            throw new ArgumentNullException(nameof(policy));
        }

        return new ForcedTlsPolicy(policy.Format, policy.GetEntries(), policy.GetLeftOut())
        {
            Path = path,
            Policy = policy.Policy,
            Configuration = policy.Configuration,
            Apply = policy.Apply,
        };
    }

    private static string LeftOut(DomainTlsState domain, ForcedTlsLevel minimum)
    {
        var why = domain.Summary.Length > 0 ? domain.Summary : domain.ForcedTls == ForcedTlsLevel.None ? "forcing TLS would bounce its mail." : $"it bears only {domain.ForcedTls}.";
        return $"{domain.Domain} is left out of the forced-TLS policy: ForcedTls {domain.ForcedTls}, below {minimum}. {why}";
    }
}
