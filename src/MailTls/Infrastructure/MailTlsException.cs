using System;

namespace MailTls.Commands.Infrastructure;

/// <summary>The exception inside MailTls error records: its message says what failed and what to do.</summary>
public sealed class MailTlsException : Exception
{
    public MailTlsException(string message)
        : base(message)
    {
    }

    public MailTlsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
