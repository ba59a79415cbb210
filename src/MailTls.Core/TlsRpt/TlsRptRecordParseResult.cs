using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MailTls.TlsRpt;

/// <summary>What the _smtp._tls TXT records of a domain say, read as a reporting MTA reads them (RFC 8460 §3).</summary>
public sealed class TlsRptRecordParseResult
{
    public TlsRptRecordParseResult(
        bool found,
        string record,
        string version,
        IEnumerable<string> rua,
        IEnumerable<KeyValuePair<string, string>> extensions,
        IEnumerable<string> errors)
    {
        Found = found;
        Record = record ?? throw new ArgumentNullException(nameof(record));
        Version = version ?? throw new ArgumentNullException(nameof(version));
        Rua = new TextList(rua ?? throw new ArgumentNullException(nameof(rua)));
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in extensions ?? throw new ArgumentNullException(nameof(extensions)))
        {
            copy[pair.Key] = pair.Value;
        }

        Extensions = new ReadOnlyDictionary<string, string>(copy);
        Errors = new TextList(errors ?? throw new ArgumentNullException(nameof(errors)));
    }

    /// <summary>At least one TXT record begins with v=TLSRPTv1, so the domain means to receive reports.</summary>
    public bool Found { get; }

    /// <summary>The v=TLSRPTv1 record as published; several are joined with " | "; empty when none was found.</summary>
    public string Record { get; }

    /// <summary>"TLSRPTv1" when exactly one record was found, otherwise empty.</summary>
    public string Version { get; }

    /// <summary>The valid report destinations (mailto: and https: URIs) as written.</summary>
    public IReadOnlyList<string> Rua { get; }

    /// <summary>Well-formed fields other than v and rua, which reporters ignore.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; }

    /// <summary>One sentence per broken rule, each naming the RFC section.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Exactly one well-formed v=TLSRPTv1 record with valid rua URIs: reports will be sent.</summary>
    public bool IsValid => Found && Errors.Count == 0;

    public override string ToString() => Found ? Record : "(no v=TLSRPTv1 record)";

    internal static TlsRptRecordParseResult Invalid(bool found, string record, IEnumerable<string> errors) =>
        new(found, record, string.Empty, Enumerable.Empty<string>(), Enumerable.Empty<KeyValuePair<string, string>>(), errors);
}
