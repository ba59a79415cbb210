using System;

namespace MailTls;

/// <summary>One thing a check found: a stable code scripts can match, a severity, and a sentence a person can act on.</summary>
public sealed class Finding
{
    public Finding(string code, Severity severity, string message)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Severity = severity;
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>Upper-case and stable across releases, e.g. CERT_EXPIRED.</summary>
    public string Code { get; }

    public Severity Severity { get; }

    public string Message { get; }

    public override string ToString() => $"{Code}: {Message}";
}
