namespace MailTls;

/// <summary>What a DNS TXT policy record (MTA-STS, TLS-RPT) amounts to: absence is an answer, not an error.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum RecordStatus : long
{
    Valid = 1,
    Invalid,
    NotPublished,
}
