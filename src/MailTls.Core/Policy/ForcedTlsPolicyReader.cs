using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MailTls;

/// <summary>
/// Reads back which domains a forced-TLS policy covers, and the level it holds each to, from any of the
/// files Export-ForcedTlsPolicy writes (and hand-written ones in the same syntax): a Postfix policy
/// table, an Exchange or Exchange Online connector script, an Exim domain file, Sendmail access entries.
/// Entries that force nothing (Postfix may and none) and keys that are not plain domains are passed over.
/// </summary>
public static class ForcedTlsPolicyReader
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly Regex Sendmail = new(@"^TLS_Rcpt:(?<domain>[^\s@]+)\s+(?:(?:TEMP|PERM)\+)?(?<level>VERIFY|ENCR)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    private static readonly Regex Postfix = new(@"^(?<domain>[A-Za-z0-9][^\s\[\]:]*)\s+(?<level>dane-only|dane|secure|verify|fingerprint|encrypt|may|none)(?:\s|$)", RegexOptions.CultureInvariant, MatchTimeout);

    private static readonly Regex Exim = new(@"^(?<domain>[A-Za-z0-9][^\s:]*)\s*:\s*(?<level>dane|verify|encrypt)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    // Exchange settings come as parameters (-AddressSpaces 'SMTP:contoso.com;1') or as keys of a splatted
    // hashtable (AddressSpaces = 'SMTP:contoso.com;1'), the domain and the level on one line or on several.
    private static readonly Regex ExchangeDomain = new(@"(?:^\s*|\s-)(?:AddressSpaces|RecipientDomains)\s*=?\s*'(?:SMTP:)?(?<domain>[^;']+)(?:;\d+)?'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    private static readonly Regex ExchangeLevelSetting = new(@"(?:^\s*|\s-)(?:TlsAuthLevel|TlsSettings)\s*=?\s*'?(?<level>EncryptionOnly|CertificateValidation|DomainValidation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>The policy's domains, each once, at the strictest level the text gives it.</summary>
    public static IReadOnlyList<ForcedTlsPolicyEntry> Read(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var levels = new Dictionary<string, ForcedTlsLevel>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        var exchange = new ExchangeBlock();
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.TrimStart().StartsWith("#", StringComparison.Ordinal) || (exchange.Read(line) ?? Entry(line)) is not { } entry)
            {
                continue;
            }

            if (!levels.TryGetValue(entry.Domain, out var known))
            {
                order.Add(entry.Domain);
                levels[entry.Domain] = entry.Level;
            }
            else if (entry.Level > known)
            {
                levels[entry.Domain] = entry.Level;
            }
        }

        return order.Select(domain => new ForcedTlsPolicyEntry(domain, levels[domain])).ToArray();
    }

    private static (string Domain, ForcedTlsLevel Level)? Entry(string line)
    {
        foreach (var (pattern, level) in new (Regex, Func<string, ForcedTlsLevel?>)[]
        {
            (Sendmail, word => word.Equals("ENCR", StringComparison.OrdinalIgnoreCase) ? ForcedTlsLevel.Encrypt : ForcedTlsLevel.Verify),
            (Exim, word => word.ToLowerInvariant() switch { "dane" => ForcedTlsLevel.Dane, "verify" => ForcedTlsLevel.Verify, _ => ForcedTlsLevel.Encrypt }),
            (Postfix, PostfixLevel),
        })
        {
            var match = pattern.Match(line);
            if (match.Success)
            {
                return level(match.Groups["level"].Value) is { } forced && Dns.DomainName.TryNormalize(match.Groups["domain"].Value, out var domain, out _)
                    ? (domain, forced)
                    : null;
            }
        }

        return null;
    }

    private static ForcedTlsLevel? PostfixLevel(string word) => word switch
    {
        "dane-only" or "dane" => ForcedTlsLevel.Dane,
        "secure" or "verify" or "fingerprint" => ForcedTlsLevel.Verify,
        "encrypt" => ForcedTlsLevel.Encrypt,
        _ => null,
    };

    // A connector's domain and level, paired once both are seen; a blank line or a closing brace ends the connector.
    private sealed class ExchangeBlock
    {
        private string? _domain;
        private ForcedTlsLevel? _level;

        public (string Domain, ForcedTlsLevel Level)? Read(string line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed == "}")
            {
                _domain = null;
                _level = null;
                return null;
            }

            var domain = ExchangeDomain.Match(line);
            var level = ExchangeLevelSetting.Match(line);
            if (!domain.Success && !level.Success)
            {
                return null;
            }

            if (domain.Success && Dns.DomainName.TryNormalize(domain.Groups["domain"].Value, out var name, out _))
            {
                _domain = name;
            }

            if (level.Success)
            {
                _level = level.Groups["level"].Value.Equals("EncryptionOnly", StringComparison.OrdinalIgnoreCase) ? ForcedTlsLevel.Encrypt : ForcedTlsLevel.Verify;
            }

            if (_domain is null || _level is null)
            {
                return null;
            }

            var entry = (_domain, _level.Value);
            _domain = null;
            _level = null;
            return entry;
        }
    }
}
