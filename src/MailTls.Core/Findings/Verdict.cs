namespace MailTls;

/// <summary>The one-word answer: the worst finding's severity, or Error when the check itself could not run.</summary>
public enum Verdict
{
    Pass,
    Warn,
    Fail,

    /// <summary>The probe could not run (DNS failed, the port is unreachable…): nothing is known about TLS.</summary>
    Error,
}
