using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MailTls.MtaSts;

/// <summary>What the _mta-sts TXT records of a domain say, read as a sending MTA reads them (RFC 8461 §3.1).</summary>
public sealed class MtaStsRecordParseResult
{
    public MtaStsRecordParseResult(
        bool found,
        string record,
        string version,
        string id,
        IEnumerable<KeyValuePair<string, string>> extensions,
        IEnumerable<string> errors)
    {
        Found = found;
        Record = record ?? throw new ArgumentNullException(nameof(record));
        Version = version ?? throw new ArgumentNullException(nameof(version));
        Id = id ?? throw new ArgumentNullException(nameof(id));
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in extensions ?? throw new ArgumentNullException(nameof(extensions)))
        {
            copy[pair.Key] = pair.Value;
        }

        Extensions = new ReadOnlyDictionary<string, string>(copy);
        Errors = new TextList(errors ?? throw new ArgumentNullException(nameof(errors)));
    }

    /// <summary>At least one TXT record begins with v=STSv1, so the domain means to publish MTA-STS.</summary>
    public bool Found { get; }

    /// <summary>The v=STSv1 record as published; several are joined with " | "; empty when none was found.</summary>
    public string Record { get; }

    /// <summary>"STSv1" when exactly one record was found, otherwise empty.</summary>
    public string Version { get; }

    /// <summary>The policy id senders compare to decide whether to fetch the policy again; empty when missing or invalid.</summary>
    public string Id { get; }

    /// <summary>Well-formed fields other than v and id, which senders ignore.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; }

    /// <summary>One sentence per broken rule, each naming the RFC section.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Exactly one well-formed v=STSv1 record with an id: senders will go on to fetch the policy.</summary>
    public bool IsValid => Found && Errors.Count == 0;

    public override string ToString() => Found ? Record : "(no v=STSv1 record)";

    internal static MtaStsRecordParseResult Invalid(bool found, string record, IEnumerable<string> errors) =>
        new(found, record, string.Empty, string.Empty, Enumerable.Empty<KeyValuePair<string, string>>(), errors);
}
