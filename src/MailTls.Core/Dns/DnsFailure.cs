namespace MailTls.Dns;

/// <summary>A DNS question that failed: what was asked, where, and a sentence saying what to do.</summary>
public sealed class DnsFailure
{
    public DnsFailure(DnsFailureKind kind, string name, string queryType, string servers, string message)
    {
        Kind = kind;
        Name = name;
        QueryType = queryType;
        Servers = servers;
        Message = message;
    }

    public DnsFailureKind Kind { get; }

    /// <summary>The name that was asked about.</summary>
    public string Name { get; }

    /// <summary>MX, A, AAAA, TXT, TLSA…</summary>
    public string QueryType { get; }

    /// <summary>The resolvers asked, as the user would type them.</summary>
    public string Servers { get; }

    public string Message { get; }

    public override string ToString() => Message;

    /// <summary>The failure as a finding: an Error, with the code that names its kind.</summary>
    public Finding ToFinding(string? context = null)
    {
        var code = Kind switch
        {
            DnsFailureKind.NameNotFound => FindingCodes.DnsNameNotFound,
            DnsFailureKind.NoRecords => FindingCodes.NoMailExchanger,
            DnsFailureKind.ServerFailure => FindingCodes.DnsServerFailure,
            DnsFailureKind.Timeout => FindingCodes.DnsTimeout,
            DnsFailureKind.ServerUnreachable => FindingCodes.DnsUnreachable,
            _ => FindingCodes.DnsFailed,
        };
        return new Finding(code, Severity.Error, context is null ? Message : $"{context}: {Message}");
    }
}
