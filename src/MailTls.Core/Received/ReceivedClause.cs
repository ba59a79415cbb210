using System.Collections.Generic;

namespace MailTls.Received;

/// <summary>One clause of a Received header (RFC 5321 §4.4): its keyword, the words after it and the comments among them.</summary>
internal sealed class ReceivedClause
{
    public ReceivedClause(string keyword) => Keyword = keyword;

    /// <summary>from, by, via, with, id, for, tls (RFC 8314), or empty for text before the first keyword.</summary>
    public string Keyword { get; }

    public List<string> Words { get; } = new();

    public List<string> Comments { get; } = new();

    public string? FirstWord => Words.Count > 0 ? Words[0] : null;

    public string Text => string.Join(" ", Words);
}
