using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Https;

namespace MailTls.MtaSts;

/// <summary>
/// Fetches a domain's MTA-STS policy over HTTPS and judges it by every rule a sending MTA applies
/// (RFC 8461 §3.2-3.3); each broken rule is a finding with a sentence.
/// </summary>
public sealed class MtaStsPolicyFetcher
{
    public const int MaxPolicyBytes = 64 * 1024;

    private readonly StrictHttpsClient _https;

    public MtaStsPolicyFetcher(StrictHttpsClient https) => _https = https ?? throw new ArgumentNullException(nameof(https));

    /// <summary>Fetches and judges https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt.</summary>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a usable domain name.</exception>
    public async Task<(MtaStsPolicy Policy, IReadOnlyList<Finding> Problems)> GetPolicyAsync(string domain, OperationLog? log, CancellationToken cancellationToken)
    {
        var name = DomainName.Normalize(domain);
        var url = new Uri($"https://mta-sts.{name}/.well-known/mta-sts.txt");
        var fetch = await _https.GetAsync(url, log, cancellationToken).ConfigureAwait(false);
        var problems = PolicyRules.Check(fetch);
        var parsed = fetch.Body is { } body ? MtaStsPolicyParser.Parse(body) : null;
        if (parsed is not null)
        {
            problems = problems.Concat(parsed.Errors.Select(e => new Finding(FindingCodes.MtaStsPolicyInvalid, Severity.Error, e))).ToList();
        }

        var certificate = fetch.Certificate;
        var policy = new MtaStsPolicy
        {
            Domain = name,
            Url = url.ToString(),
            Mode = MtaStsModes.FromPolicyWord(parsed?.Mode),
            Mx = new TextList(parsed?.Mx ?? Array.Empty<string>()),
            MaxAge = parsed?.MaxAgeSeconds,
            Version = parsed?.Version ?? string.Empty,
            IsValid = problems.Count == 0,
            Errors = new TextList(problems.Select(p => p.Message)),
            HttpStatus = fetch.StatusCode,
            ContentType = fetch.ContentType,
            RedirectLocation = fetch.Location,
            CertificateSubject = certificate?.Subject ?? string.Empty,
            CertificateIssuer = certificate?.Issuer ?? string.Empty,
            CertificateNotAfter = IsoTime.Format(certificate?.NotAfter),
            CertificateValid = certificate is null ? null : certificate.ChainValid && certificate.NameMatches,
            Raw = fetch.Body ?? string.Empty,
            ElapsedMs = fetch.ElapsedMs,
        };
        log?.Write(policy.IsValid ? $"Policy valid: mode {policy.Mode?.PolicyWord()}, mx {policy.Mx}, max_age {parsed?.MaxAgeSeconds}." : $"Policy not usable: {string.Join(" ", policy.Errors)}");
        return (policy, problems);
    }
}
