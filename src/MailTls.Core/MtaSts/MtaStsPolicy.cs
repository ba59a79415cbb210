using System;

namespace MailTls;

/// <summary>A domain's MTA-STS policy, fetched and parsed exactly as a sending MTA does (RFC 8461 §3.2-3.3).</summary>
public sealed class MtaStsPolicy
{
    internal MtaStsPolicy()
    {
    }

    public string Domain { get; internal set; } = string.Empty;

    public string Url { get; internal set; } = string.Empty;

    /// <summary>Enforce, Testing or None; empty when the policy could not be read.</summary>
    public MtaStsMode? Mode { get; internal set; }

    /// <summary>The mx patterns, as written (a leading "*." matches exactly one label).</summary>
    public TextList Mx { get; internal set; } = TextList.None;

    /// <summary>How long senders keep the policy, in seconds.</summary>
    public long? MaxAge { get; internal set; }

    public string Version { get; internal set; } = string.Empty;

    /// <summary>Senders would use this policy: fetched over valid HTTPS, 200, text/plain, well formed.</summary>
    public bool IsValid { get; internal set; }

    /// <summary>Each a sentence naming the rule that is broken.</summary>
    public TextList Errors { get; internal set; } = TextList.None;

    public int? HttpStatus { get; internal set; }

    public string ContentType { get; internal set; } = string.Empty;

    /// <summary>Where a redirect pointed (never followed).</summary>
    public string RedirectLocation { get; internal set; } = string.Empty;

    public string CertificateSubject { get; internal set; } = string.Empty;

    public string CertificateIssuer { get; internal set; } = string.Empty;

    /// <summary>When the policy host's certificate expires, ISO 8601 UTC.</summary>
    public string CertificateNotAfter { get; internal set; } = string.Empty;

    /// <summary>The policy host's certificate chains to a trusted root and names the host.</summary>
    public bool? CertificateValid { get; internal set; }

    /// <summary>The body as served (empty when not fetched or too large).</summary>
    public string Raw { get; internal set; } = string.Empty;

    public double ElapsedMs { get; internal set; }

    /// <summary>A policy nobody fetched: the domain publishes no MTA-STS record, so senders never look for one.</summary>
    internal static MtaStsPolicy NotFetched(string domain) => new()
    {
        Domain = domain,
        Url = $"https://mta-sts.{domain}/.well-known/mta-sts.txt",
    };

    public override string ToString() => IsValid ? $"{Url}: {Mode}, {Mx}" : $"{Url}: invalid";
}
