using System;
using System.Collections.Generic;

namespace MailTls.MtaSts;

/// <summary>What an mta-sts.txt policy file says, read as a sending MTA reads it (RFC 8461 §3.2).</summary>
public sealed class MtaStsPolicyParseResult
{
    public MtaStsPolicyParseResult(string version, string mode, IEnumerable<string> mx, long? maxAgeSeconds, IEnumerable<string> errors)
    {
        Version = version ?? throw new ArgumentNullException(nameof(version));
        Mode = mode ?? throw new ArgumentNullException(nameof(mode));
        Mx = new TextList(mx ?? throw new ArgumentNullException(nameof(mx)));
        MaxAgeSeconds = maxAgeSeconds;
        Errors = new TextList(errors ?? throw new ArgumentNullException(nameof(errors)));
    }

    /// <summary>"STSv1", or empty when the version line is missing or wrong.</summary>
    public string Version { get; }

    /// <summary>"enforce", "testing" or "none"; empty when the mode line is missing or wrong.</summary>
    public string Mode { get; }

    /// <summary>The valid mx patterns in policy order, lower case, without a trailing dot.</summary>
    public IReadOnlyList<string> Mx { get; }

    /// <summary>How long senders may cache the policy; null when the max_age line is missing or wrong.</summary>
    public long? MaxAgeSeconds { get; }

    /// <summary>One sentence per broken rule, each naming the RFC section.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The policy follows every rule of RFC 8461 §3.2, so senders will apply it.</summary>
    public bool IsValid => Errors.Count == 0;

    public override string ToString() => IsValid ? $"mode {Mode}; mx {Mx}; max_age {MaxAgeSeconds}" : $"invalid: {Errors}";
}
