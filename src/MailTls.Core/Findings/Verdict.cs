namespace MailTls;

/// <summary>The one-word answer: the worst finding's severity, or Error when the check itself could not run.</summary>
/// <remarks>
/// 64-bit, like every MailTls enum, because ConvertTo-Json writes such enums by name; and starting
/// at 1, so that `Where-Object { $_.Verdict }` keeps Pass rows.
/// </remarks>
public enum Verdict : long
{
    Pass = 1,
    Warn,
    Fail,

    /// <summary>The probe could not run (DNS failed, the port is unreachable…): nothing is known about TLS.</summary>
    Error,
}
