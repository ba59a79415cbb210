namespace MailTls;

/// <summary>A domain in a forced-TLS policy, and the level the policy enforces for it when that is known.</summary>
public sealed class ForcedTlsPolicyEntry
{
    public ForcedTlsPolicyEntry(string domain, ForcedTlsLevel? level)
    {
        Domain = Dns.DomainName.Normalize(domain);
        Level = level;
    }

    public string Domain { get; }

    /// <summary>Null when only the name is known: the level the domain had in the earlier run counts then.</summary>
    public ForcedTlsLevel? Level { get; }

    public override string ToString() => Level is { } level ? $"{Domain} {level}" : Domain;
}
