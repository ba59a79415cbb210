using System;

namespace MailTls.Tls;

/// <summary>Thrown from inside the handshake once the probe has seen what it came for; not an error.</summary>
internal sealed class ProbeStopException : Exception
{
    public ProbeStopException()
        : base("The probe has what it needs; handshake aborted on purpose.")
    {
    }
}
