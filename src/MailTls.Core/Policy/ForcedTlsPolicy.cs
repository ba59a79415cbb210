using System.Collections.Generic;

namespace MailTls;

/// <summary>
/// A forced-TLS policy for one mail server, ready to review and install: the policy file, the lines its
/// configuration needs, and the commands that load it. ToString() is the policy file, so Set-Content
/// writes it as it is.
/// </summary>
public sealed class ForcedTlsPolicy
{
    private readonly IReadOnlyList<ForcedTlsPolicyEntry> _entries;
    private readonly IReadOnlyList<string> _leftOut;

    internal ForcedTlsPolicy(ForcedTlsFormat format, IReadOnlyList<ForcedTlsPolicyEntry> entries, IReadOnlyList<string> leftOut)
    {
        Format = format;
        _entries = entries;
        _leftOut = leftOut;
    }

    public ForcedTlsFormat Format { get; }

    /// <summary>The domains in the policy.</summary>
    public int Domains => _entries.Count;

    /// <summary>The domains left out: below the minimum level.</summary>
    public int LeftOut => _leftOut.Count;

    /// <summary>The file the policy was written to; empty when it was not written.</summary>
    public string Path { get; internal init; } = string.Empty;

    /// <summary>The policy file: a Postfix table, an Exchange script, an Exim domain file or Sendmail access entries.</summary>
    public string Policy { get; internal init; } = string.Empty;

    /// <summary>The lines the server's own configuration needs to read the policy (main.cf, Exim routers and transports, sendmail.mc).</summary>
    public string Configuration { get; internal init; } = string.Empty;

    /// <summary>What to run once the file and the configuration are in place.</summary>
    public string Apply { get; internal init; } = string.Empty;

    /// <summary>Each domain in the policy with the level this server enforces for it (which may be below the level the domain bears).</summary>
    public IReadOnlyList<ForcedTlsPolicyEntry> GetEntries() => _entries;

    /// <summary>For each domain left out, the sentence that says why.</summary>
    public IReadOnlyList<string> GetLeftOut() => _leftOut;

    public override string ToString() => Policy;
}
