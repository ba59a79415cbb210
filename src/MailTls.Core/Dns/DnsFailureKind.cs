namespace MailTls.Dns;

/// <summary>Why a DNS question got no usable answer; each kind needs a different fix.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum DnsFailureKind : long
{
    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NameNotFound = 1,

    /// <summary>The name exists but holds no record of the kind that was needed.</summary>
    NoRecords,

    /// <summary>SERVFAIL: the resolver could not answer (often DNSSEC validation failure or dead authoritative servers).</summary>
    ServerFailure,

    /// <summary>REFUSED: the resolver will not answer this client.</summary>
    Refused,

    /// <summary>No answer within the timeout from any server.</summary>
    Timeout,

    /// <summary>The resolver could not be reached at all (refused connection, no route).</summary>
    ServerUnreachable,

    /// <summary>Any other response code, or an answer that could not be read.</summary>
    Other,
}
